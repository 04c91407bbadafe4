using System.Globalization;
using System.Text.Json.Nodes;
using PgHa.Testing.Resources;
using PgHa.Testing.Tables;

namespace PgHa.Testing.Tests.Tables;

/// <summary>Resource types, the seed article's objects and helpers shared by the Table tests.</summary>
internal static class TableFixtures
{
    /// <summary>Just after the seed's last lock renewal; the seed objects were created 45 hours earlier.</summary>
    public static readonly DateTimeOffset Now = DateTimeOffset.Parse("2022-11-18T06:19:00Z", CultureInfo.InvariantCulture);

    public static readonly ResourceType Services = Core("services", "service", "Service") with { ShortNames = ["svc"] };
    public static readonly ResourceType Endpoints = Core("endpoints", "endpoints", "Endpoints") with { ShortNames = ["ep"] };
    public static readonly ResourceType Pods = Core("pods", "pod", "Pod");
    public static readonly ResourceType ConfigMaps = Core("configmaps", "configmap", "ConfigMap");
    public static readonly ResourceType Secrets = Core("secrets", "secret", "Secret");
    public static readonly ResourceType ServiceAccounts = Core("serviceaccounts", "serviceaccount", "ServiceAccount");
    public static readonly ResourceType Events = Core("events", "event", "Event");
    public static readonly ResourceType Namespaces = Core("namespaces", "namespace", "Namespace") with { Namespaced = false };
    public static readonly ResourceType Nodes = Core("nodes", "node", "Node") with { Namespaced = false };
    public static readonly ResourceType EndpointSlices = Grouped("discovery.k8s.io", "endpointslices", "endpointslice", "EndpointSlice");
    public static readonly ResourceType Leases = Grouped("coordination.k8s.io", "leases", "lease", "Lease");
    public static readonly ResourceType EventsV1 = Grouped("events.k8s.io", "events", "event", "Event");

    public static readonly ResourceType Crds = Grouped("apiextensions.k8s.io", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition") with
    {
        Namespaced = false,
    };

    /// <summary>Zalando's postgresql CRD (manifests/postgresql.crd.yaml) with its additionalPrinterColumns.</summary>
    public static readonly ResourceType Postgresqls = Grouped("acid.zalan.do", "postgresqls", "postgresql", "postgresql") with
    {
        DefinedBy = "postgresqls.acid.zalan.do",
        ShortNames = ["pg"],
        PrinterColumns =
        [
            new("Team", "string", ".spec.teamId", Description: "Team responsible for Postgres CLuster"),
            new("Version", "string", ".spec.postgresql.version", Description: "PostgreSQL version"),
            new("Pods", "integer", ".spec.numberOfInstances", Description: "Number of Pods per Postgres cluster"),
            new("Volume", "string", ".spec.volume.size", Description: "Size of the bound volume"),
            new("CPU-Request", "string", ".spec.resources.requests.cpu", Description: "Requested CPU for Postgres containers"),
            new("Memory-Request", "string", ".spec.resources.requests.memory", Description: "Requested memory for Postgres containers"),
            new("Age", "date", ".metadata.creationTimestamp"),
            new("Status", "string", ".status.PostgresClusterStatus", Description: "Current sync status of postgresql resource"),
        ],
    };

    /// <summary>The seed's master Service: no selector, ClusterIP 10.102.154.118, port postgresql 5432/TCP.</summary>
    public const string SeedService = """
        {
          "apiVersion": "v1",
          "kind": "Service",
          "metadata": {
            "name": "acid-minimal-cluster",
            "namespace": "default",
            "uid": "1f5c2c1e-1c1e-4a61-9a1b-5b0e7a3c2d10",
            "resourceVersion": "1042",
            "creationTimestamp": "2022-11-16T08:21:00Z",
            "labels": { "application": "spilo", "cluster-name": "acid-minimal-cluster", "spilo-role": "master", "team": "acid" }
          },
          "spec": {
            "clusterIP": "10.102.154.118",
            "clusterIPs": ["10.102.154.118"],
            "ipFamilies": ["IPv4"],
            "ipFamilyPolicy": "SingleStack",
            "ports": [{ "name": "postgresql", "port": 5432, "protocol": "TCP", "targetPort": 5432 }],
            "type": "ClusterIP"
          }
        }
        """;

    /// <summary>The seed's Endpoints: Patroni's lock annotations and the primary's address.</summary>
    public const string SeedEndpoints = """
        {
          "apiVersion": "v1",
          "kind": "Endpoints",
          "metadata": {
            "name": "acid-minimal-cluster",
            "namespace": "default",
            "resourceVersion": "2077",
            "creationTimestamp": "2022-11-16T08:21:00Z",
            "annotations": {
              "acquireTime": "2022-11-18T00:29:41.683512+00:00",
              "leader": "acid-minimal-cluster-0",
              "optime": "1090519312",
              "renewTime": "2022-11-18T06:18:59.159796+00:00",
              "transitions": "5",
              "ttl": "30"
            },
            "labels": { "application": "spilo", "cluster-name": "acid-minimal-cluster", "spilo-role": "master", "team": "acid" }
          },
          "subsets": [{
            "addresses": [{ "ip": "10.8.112.49", "targetRef": { "kind": "Pod", "name": "acid-minimal-cluster-0", "namespace": "default" } }],
            "ports": [{ "name": "postgresql", "port": 5432, "protocol": "TCP" }]
          }]
        }
        """;

    /// <summary>The EndpointSlice the mirroring controller made from <see cref="SeedEndpoints"/>.</summary>
    public const string SeedEndpointSlice = """
        {
          "addressType": "IPv4",
          "apiVersion": "discovery.k8s.io/v1",
          "endpoints": [{
            "addresses": ["10.8.112.49"],
            "conditions": { "ready": true },
            "targetRef": { "kind": "Pod", "name": "acid-minimal-cluster-0", "namespace": "default" }
          }],
          "kind": "EndpointSlice",
          "metadata": {
            "name": "acid-minimal-cluster-4z5c8",
            "generateName": "acid-minimal-cluster-",
            "namespace": "default",
            "resourceVersion": "2078",
            "creationTimestamp": "2022-11-16T08:21:00Z",
            "labels": {
              "application": "spilo",
              "cluster-name": "acid-minimal-cluster",
              "endpointslice.kubernetes.io/managed-by": "endpointslicemirroring-controller.k8s.io",
              "kubernetes.io/service-name": "acid-minimal-cluster",
              "spilo-role": "master",
              "team": "acid"
            },
            "ownerReferences": [{ "apiVersion": "v1", "kind": "Endpoints", "name": "acid-minimal-cluster", "uid": "5e8c1a52-7d1c-4b44-8f0c-0c6b6f0e2a11" }]
          },
          "ports": [{ "name": "postgresql", "port": 5432, "protocol": "TCP" }]
        }
        """;

    /// <summary>A Zalando postgresql resource for the seed's cluster.</summary>
    public const string SeedPostgresql = """
        {
          "apiVersion": "acid.zalan.do/v1",
          "kind": "postgresql",
          "metadata": { "name": "acid-minimal-cluster", "namespace": "default", "resourceVersion": "977", "creationTimestamp": "2022-11-16T08:20:30Z" },
          "spec": {
            "teamId": "acid",
            "volume": { "size": "1Gi" },
            "numberOfInstances": 2,
            "users": { "zalando": ["superuser", "createdb"], "foo_user": [] },
            "databases": { "foo": "zalando" },
            "postgresql": { "version": "15" },
            "resources": { "requests": { "cpu": "10m", "memory": "100Mi" }, "limits": { "cpu": "500m", "memory": "500Mi" } }
          },
          "status": { "PostgresClusterStatus": "Running" }
        }
        """;

    /// <summary>A fixture type by its <c>plural.group</c> (theory data cannot carry the internal ResourceType).</summary>
    public static ResourceType ByName(string groupResource) =>
        new[] { Services, Endpoints, Pods, ConfigMaps, Secrets, ServiceAccounts, Events, Namespaces, Nodes, EndpointSlices, Leases, EventsV1, Crds, Postgresqls }
            .Single(t => t.GroupResource == groupResource);

    public static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>The cells kube-apiserver sends for one object (all columns, wide ones included), as text; null cells stay null.</summary>
    public static string?[] Cells(ResourceType type, string json, DateTimeOffset? now = null)
    {
        var table = TableConverter.ToTable(type, Parse(json), TableOptions.Default, now ?? Now);
        return table["rows"]![0]!["cells"]!.AsArray().Select(CellText).ToArray();
    }

    /// <summary>The column names of a Table, as kubectl prints them upper-cased.</summary>
    public static string[] Headers(JsonObject table, bool wide = false) =>
        table["columnDefinitions"]!.AsArray()
            .Where(c => wide || c!["priority"]!.GetValue<int>() == 0)
            .Select(c => c!["name"]!.GetValue<string>().ToUpperInvariant())
            .ToArray();

    public static string? CellText(JsonNode? cell) => cell switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        _ => cell.ToJsonString(),
    };

    private static ResourceType Core(string plural, string singular, string kind) =>
        new() { Group = "", Version = "v1", Plural = plural, Singular = singular, Kind = kind, Namespaced = true };

    private static ResourceType Grouped(string group, string plural, string singular, string kind) =>
        new() { Group = group, Version = "v1", Plural = plural, Singular = singular, Kind = kind, Namespaced = true };
}
