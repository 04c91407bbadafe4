using System.Net;
using BenchmarkDotNet.Attributes;
using k8s.Models;
using PgHa.Routing;
using PgHa.Routing.Planning;
using PgHa.Routing.Resources;

namespace PgHa.Benchmarks;

/// <summary>The router's own work per request, without the API: planning a leader change against the live slice, and the no-op check.</summary>
[MemoryDiagnoser]
public class RoutePlanningBenchmarks
{
    private static readonly PrimaryRouterOptions Options = new() { ClusterName = "acid-minimal-cluster" };
    private static readonly PrimaryTarget Zero = new("acid-minimal-cluster-0", "default", IPAddress.Parse("10.8.112.49"), "node-a");
    private static readonly PrimaryTarget One = new("acid-minimal-cluster-1", "default", IPAddress.Parse("10.8.112.50"), "node-b");
    private readonly V1Service _service = new()
    {
        Metadata = new V1ObjectMeta { Name = "acid-minimal-cluster", NamespaceProperty = "default", Uid = "uid" },
        Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "postgresql", Port = 5432, TargetPort = 5432 }] },
    };

    private V1EndpointSlice[] _live = [];

    [GlobalSetup]
    public void Setup()
    {
        var slice = RouteObjects.Slice(Options, _service, RouteObjects.Ports(_service, Options), Zero, new RouteTerm(Zero.PodName, 5), "IPv4");
        slice.Metadata.Name = "acid-minimal-cluster-abcde";
        slice.Metadata.ResourceVersion = "42";
        _live = [slice];
    }

    [Benchmark(Description = "plan a leader change (one replace)")]
    public int LeaderChange() => SlicePlanner.Plan(Options, _service, _live, One, new RouteTerm(One.PodName, 6)).Steps.Count;

    [Benchmark(Description = "plan the route already in place (no write)")]
    public int Unchanged() => SlicePlanner.Plan(Options, _service, _live, Zero, new RouteTerm(Zero.PodName, 5)).Steps.Count;
}
