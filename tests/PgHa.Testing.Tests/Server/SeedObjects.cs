using k8s.Models;

namespace PgHa.Testing.Tests.Server;

/// <summary>Objects shaped like the seed article's: the selector-less master Service and Patroni's Endpoints.</summary>
internal static class SeedObjects
{
    public const string Cluster = "acid-minimal-cluster";

    public static Dictionary<string, string> Labels(string role = "master") => new()
    {
        ["application"] = "spilo",
        ["cluster-name"] = Cluster,
        ["spilo-role"] = role,
        ["team"] = "acid",
    };

    public static V1Service MasterService(string name = Cluster) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = Labels() },
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Ports = [new V1ServicePort { Name = "postgresql", Port = 5432, Protocol = "TCP", TargetPort = 5432 }],
        },
    };

    public static V1Endpoints PatroniEndpoints(string leaderIp, string leaderPod = Cluster + "-0", string name = Cluster) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Labels = Labels(),
            Annotations = new Dictionary<string, string>
            {
                ["leader"] = leaderPod,
                ["acquireTime"] = "2022-11-18T00:29:41.683512+00:00",
                ["renewTime"] = "2022-11-18T06:18:59.159796+00:00",
                ["transitions"] = "5",
                ["optime"] = "1090519312",
                ["ttl"] = "30",
            },
        },
        Subsets =
        [
            new V1EndpointSubset
            {
                Addresses = [new V1EndpointAddress { Ip = leaderIp, TargetRef = new V1ObjectReference { Kind = "Pod", Name = leaderPod, NamespaceProperty = "default" } }],
                Ports = [new Corev1EndpointPort { Name = "postgresql", Port = 5432, Protocol = "TCP" }],
            },
        ],
    };
}
