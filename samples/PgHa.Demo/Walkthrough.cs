using System.Diagnostics;
using k8s;
using k8s.Models;
using PgHa.Testing;

namespace PgHa.Demo;

/// <summary>
/// The seed's mechanism, step by step, on the embedded API server: a master Service without a selector,
/// Patroni's lock annotations and the primary's address on the Endpoints, the mirrored EndpointSlice that
/// routes the Service, and a failover that moves the slice to the new primary under the same Service name.
/// </summary>
internal static class Walkthrough
{
    private const string Cluster = "acid-minimal-cluster";

    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine("PgHa demo: primary routing as postgres-operator + Patroni do it, on PgHa's embedded Kubernetes API server.");
        output.WriteLine("(The elector, the router and real PostgreSQL processes join this demo as those parts land.)");
        output.WriteLine();

        await using var server = await KubeApiServer.StartAsync(cancellationToken: cancellationToken);
        using var client = server.CreateClient("demo");
        output.WriteLine($"1. API server listening on {server.BaseAddress}");

        var labels = new Dictionary<string, string>
        {
            ["application"] = "spilo", ["cluster-name"] = Cluster, ["spilo-role"] = "master", ["team"] = "acid",
        };
        var service = await client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = Cluster, Labels = labels },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "postgresql", Port = 5432, TargetPort = 5432 }] },
        }, "default", cancellationToken: cancellationToken);
        output.WriteLine($"2. master Service {Cluster}: clusterIP {service.Spec.ClusterIP}, port postgresql 5432/TCP, no selector");

        var slices = new SliceFollower(client);
        await using var _ = slices;
        var clock = Stopwatch.StartNew();
        await client.CoreV1.CreateNamespacedEndpointsAsync(Endpoints(labels, "acid-minimal-cluster-0", "10.8.112.49", 5), "default", cancellationToken: cancellationToken);
        output.WriteLine("3. Patroni-style lock on Endpoints: leader=acid-minimal-cluster-0, ttl=30, transitions=5, subsets -> 10.8.112.49:5432");

        var slice = await slices.WaitForAddressAsync("10.8.112.49", cancellationToken);
        output.WriteLine($"4. mirrored EndpointSlice {slice.Metadata.Name} after {clock.Elapsed.TotalMilliseconds:F0} ms:");
        output.WriteLine($"     managed-by={slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]}, service-name={slice.Metadata.Labels["kubernetes.io/service-name"]}");
        output.WriteLine($"     owner={slice.Metadata.OwnerReferences[0].Kind}/{slice.Metadata.OwnerReferences[0].Name}, endpoints={Describe(slice)}");

        clock.Restart();
        const string Failover = """
            {"metadata":{"annotations":{"leader":"acid-minimal-cluster-1","transitions":"6"}},
             "subsets":[{"addresses":[{"ip":"10.8.112.50","targetRef":{"kind":"Pod","name":"acid-minimal-cluster-1","namespace":"default"}}],
                         "ports":[{"name":"postgresql","port":5432,"protocol":"TCP"}]}]}
            """;
        await client.CoreV1.PatchNamespacedEndpointsAsync(new V1Patch(Failover, V1Patch.PatchType.StrategicMergePatch), Cluster, "default", cancellationToken: cancellationToken);
        output.WriteLine("5. failover: the new leader acid-minimal-cluster-1 writes the lock and its address in one compare-and-swap");
        var moved = await slices.WaitForAddressAsync("10.8.112.50", cancellationToken);
        output.WriteLine($"6. the same slice {moved.Metadata.Name} now routes to {Describe(moved)} ({clock.Elapsed.TotalMilliseconds:F0} ms); clients keep using {Cluster}:5432");
        output.WriteLine();
        output.WriteLine($"API requests served: {server.RequestLog.Total}. Run `dotnet run --project samples/PgHa.Demo -- api-server --kubeconfig kubeconfig` to explore with kubectl.");
        return 0;
    }

    private static V1Endpoints Endpoints(Dictionary<string, string> labels, string leader, string ip, int transitions) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = Cluster,
            Labels = labels,
            Annotations = new Dictionary<string, string>
            {
                ["leader"] = leader,
                ["acquireTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", System.Globalization.CultureInfo.InvariantCulture),
                ["renewTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", System.Globalization.CultureInfo.InvariantCulture),
                ["transitions"] = transitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["optime"] = "1090519312",
                ["ttl"] = "30",
            },
        },
        Subsets =
        [
            new V1EndpointSubset
            {
                Addresses = [new V1EndpointAddress { Ip = ip, TargetRef = new V1ObjectReference { Kind = "Pod", Name = leader, NamespaceProperty = "default" } }],
                Ports = [new Corev1EndpointPort { Name = "postgresql", Port = 5432, Protocol = "TCP" }],
            },
        ],
    };

    private static string Describe(V1EndpointSlice slice) =>
        string.Join(", ", (slice.Endpoints ?? []).Select(e => $"{e.Addresses[0]} ({e.TargetRef?.Name}, ready={e.Conditions?.Ready})"));
}
