using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using PgHa.Routing;
using PgHa.Routing.Routers;
using PgHa.Testing;

namespace PgHa.Benchmarks;

/// <summary>
/// How fast a route request reaches clients: from <see cref="IPrimaryRouter.RouteAsync"/> being called to a watcher
/// of the master Service's slices (as kube-proxy is) seeing the new address, with the router running as in production
/// (watching, cache primed). Side by side: the seed's way (the route written into the Endpoints, copied into a slice by
/// the mirroring controller) and one plain API round trip (a client's own update of a slice of the same shape, and a read)
/// on the same server. Also the repair of
/// a deleted slice, from the watcher seeing it deleted to seeing it back.
/// </summary>
internal static class RoutingLatency
{
    private static readonly PrimaryTarget A = new("pod-a", "default", IPAddress.Parse("10.8.112.49"), "node-a");
    private static readonly PrimaryTarget B = new("pod-b", "default", IPAddress.Parse("10.8.112.50"), "node-b");

    public static async Task<int> RunAsync(int trials)
    {
        Console.WriteLine($"routing: {trials} leader changes per mode; {BenchmarkReport.Machine()}");
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { RequestLogCapacity = 1_000_000 });
        var baseline = await RoundTripAsync(server, trials);
        Console.WriteLine($"  plain slice update    returned {baseline.Update}; watcher saw it {baseline.Observed}; a get {baseline.Get}");
        var slice = await SwitchesAsync(server, RoutingMode.EndpointSlice, "slice-route", trials);
        Console.WriteLine($"  PgHa EndpointSlice    request -> watcher saw it {slice.Observed}; request returned {slice.Returned}; {slice.RequestsPerSwitch:F2} requests/switch");
        var mirrored = await SwitchesAsync(server, RoutingMode.Endpoints, "endpoints-route", trials);
        Console.WriteLine($"  Endpoints + mirroring request -> watcher saw it {mirrored.Observed}; request returned {mirrored.Returned}; {mirrored.RequestsPerSwitch:F2} requests/switch");
        var repair = await RepairsAsync(server, "repair-route", Math.Max(10, trials / 5));
        Console.WriteLine($"  repair of a deleted slice: watcher saw it deleted -> saw it back {repair}");

        var results = new
        {
            scenario = "routing",
            machine = BenchmarkReport.Machine(),
            trials,
            plainSliceUpdateMs = new { returned = baseline.Update, observed = baseline.Observed, get = baseline.Get },
            requestToObservedMs = new { endpointSlice = slice.Observed, endpointsWithMirroring = mirrored.Observed },
            requestToReturnedMs = new { endpointSlice = slice.Returned, endpointsWithMirroring = mirrored.Returned },
            requestsPerSwitch = new { endpointSlice = slice.RequestsPerSwitch, endpointsWithMirroring = mirrored.RequestsPerSwitch },
            repairDeletedSliceMs = repair,
            goal = "request -> observed within one API round trip (a plain update of the same slice, p50/p99)",
        };
        var markdown = string.Create(CultureInfo.InvariantCulture, $"""
            # Routing: from a route request to clients' view of it

            {BenchmarkReport.Machine()}; one embedded API server on loopback; {trials} leader changes per mode, alternating between two
            pods, each under a new term; the router runs as in production (its watches open, its cache primed). "Observed" is when a
            separate watcher of the master Service's EndpointSlices (as kube-proxy watches them) reads the new address.

            | route | request → observed p50 | p99 | request → returned p50 | p99 | API requests per switch |
            |---|---|---|---|---|---|
            | PgHa EndpointSlice | {slice.Observed.P50:F2} ms | {slice.Observed.P99:F2} ms | {slice.Returned.P50:F2} ms | {slice.Returned.P99:F2} ms | {slice.RequestsPerSwitch:F2} |
            | Endpoints + mirroring controller (the seed's way) | {mirrored.Observed.P50:F2} ms | {mirrored.Observed.P99:F2} ms | {mirrored.Returned.P50:F2} ms | {mirrored.Returned.P99:F2} ms | {mirrored.RequestsPerSwitch:F2} |
            | one API round trip: a client's own update of a slice of the same shape | {baseline.Observed.P50:F2} ms | {baseline.Observed.P99:F2} ms | {baseline.Update.P50:F2} ms | {baseline.Update.P99:F2} ms | 1 |
            | one API round trip: a get of that slice | | | {baseline.Get.P50:F2} ms | {baseline.Get.P99:F2} ms | 1 |

            Goal: request → observed within one API round trip (the plain update's row). The mirrored row also carries the embedded
            mirroring controller's delay, which in a real cluster is the kube-controller-manager's (queue and batching), not measured here.

            Repair of a deleted slice (router watching; from the watcher seeing the deletion to seeing the slice back):
            {repair}.
            """);
        var directory = await BenchmarkReport.WriteAsync("routing", results, markdown);
        Console.WriteLine($"  written to {directory}");
        return 0;
    }

    // The same write without the router: a client replacing a slice of the same shape (one round trip), seen by the same kind of watcher.
    private static async Task<(LatencyStats Update, LatencyStats Observed, LatencyStats Get)> RoundTripAsync(KubeApiServer server, int trials)
    {
        var client = server.CreateClient("baseline");
        var service = await client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "baseline" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "postgresql", Port = 5432 }] },
        }, "default");
        await using var watcher = await SliceWatcher.StartAsync(server.Client, "baseline");
        var slice = await client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice(service, A), "default");
        await watcher.WaitForAsync(A);
        var updates = new List<double>();
        var observed = new List<double>();
        var gets = new List<double>();
        for (var i = 0; i < trials; i++)
        {
            var target = i % 2 == 0 ? B : A;
            var next = Slice(service, target);
            next.Metadata = slice.Metadata;
            next.Metadata.Annotations = new Dictionary<string, string> { ["pgha.io/route-term"] = $"{i + 2}/{target.PodName}" };
            var start = Stopwatch.GetTimestamp();
            var request = client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(next, slice.Name(), "default");
            var returned = request.ContinueWith(_ => Stopwatch.GetTimestamp(), TaskScheduler.Default);
            var seen = await watcher.WaitForAsync(target);
            slice = await request;
            updates.Add(Stopwatch.GetElapsedTime(start, await returned).TotalMilliseconds);
            observed.Add(Stopwatch.GetElapsedTime(start, seen).TotalMilliseconds);
            start = Stopwatch.GetTimestamp();
            await client.DiscoveryV1.ReadNamespacedEndpointSliceAsync(slice.Name(), "default");
            gets.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return (LatencyStats.From(updates), LatencyStats.From(observed), LatencyStats.From(gets));
    }

    private static V1EndpointSlice Slice(V1Service service, PrimaryTarget target) => new()
    {
        Metadata = new V1ObjectMeta
        {
            GenerateName = service.Name() + "-",
            Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = service.Name(), ["endpointslice.kubernetes.io/managed-by"] = "baseline.pgha.io" },
            OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Service", Name = service.Name(), Uid = service.Uid(), Controller = true }],
        },
        AddressType = "IPv4",
        Endpoints =
        [
            new V1Endpoint
            {
                Addresses = [target.Address.ToString()],
                Conditions = new V1EndpointConditions { Ready = true, Serving = true, Terminating = false },
                TargetRef = new V1ObjectReference { Kind = "Pod", Name = target.PodName, NamespaceProperty = "default" },
                NodeName = target.NodeName,
            },
        ],
        Ports = [new Discoveryv1EndpointPort { Name = "postgresql", Port = 5432, Protocol = "TCP" }],
    };

    private static async Task<(LatencyStats Observed, LatencyStats Returned, double RequestsPerSwitch)> SwitchesAsync(KubeApiServer server, RoutingMode mode, string cluster, int trials)
    {
        var options = new PrimaryRouterOptions { ClusterName = cluster, Mode = mode, ProvisionReplicaService = false };
        var clientName = "router-" + cluster;
        var client = server.CreateClient(clientName);
        await new ServiceProvisioner(client, options).EnsureServicesAsync(CancellationToken.None);
        using var router = new PrimaryRouter(client, options);
        await using var watcher = await SliceWatcher.StartAsync(server.Client, cluster);
        using var stop = new CancellationTokenSource();
        var run = router.RunAsync(stop.Token);
        await Expect(await router.RouteAsync(A, new RouteTerm(A.PodName, 1), CancellationToken.None), RouteOutcome.Applied);
        await watcher.WaitForAsync(A);

        var observed = new List<double>();
        var returned = new List<double>();
        var requestsBefore = server.RequestLog.Count(clientName);
        for (var i = 0; i < trials; i++)
        {
            var target = i % 2 == 0 ? B : A;
            var start = Stopwatch.GetTimestamp();
            var request = router.RouteAsync(target, new RouteTerm(target.PodName, i + 2), CancellationToken.None);
            var done = request.ContinueWith(_ => Stopwatch.GetTimestamp(), TaskScheduler.Default);
            var seen = await watcher.WaitForAsync(target);
            await Expect(await request, RouteOutcome.Applied);
            observed.Add(Stopwatch.GetElapsedTime(start, seen).TotalMilliseconds);
            returned.Add(Stopwatch.GetElapsedTime(start, await done).TotalMilliseconds);
        }

        var requests = (server.RequestLog.Count(clientName) - requestsBefore) / (double)trials;
        await stop.CancelAsync();
        await run;
        return (LatencyStats.From(observed), LatencyStats.From(returned), requests);
    }

    private static async Task<LatencyStats> RepairsAsync(KubeApiServer server, string cluster, int trials)
    {
        var options = new PrimaryRouterOptions { ClusterName = cluster, ProvisionReplicaService = false };
        var client = server.CreateClient("router-" + cluster);
        await new ServiceProvisioner(client, options).EnsureServicesAsync(CancellationToken.None);
        using var router = new PrimaryRouter(client, options);
        await using var watcher = await SliceWatcher.StartAsync(server.Client, cluster);
        using var stop = new CancellationTokenSource();
        var opened = 0;
        var watching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.RequestLog.Recorded += r =>
        {
            if (r.Client == "router-" + cluster && r.Verb == "watch" && Interlocked.Increment(ref opened) == 2)
            {
                watching.TrySetResult();
            }
        };
        var run = router.RunAsync(stop.Token);
        await watching.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Expect(await router.RouteAsync(A, new RouteTerm(A.PodName, 1), CancellationToken.None), RouteOutcome.Applied);
        await watcher.WaitForAsync(A);

        var samples = new List<double>();
        for (var i = 0; i < trials; i++)
        {
            var name = watcher.Current!.Name();
            await server.Client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(name, "default");
            var deleted = await watcher.WaitForDeletionAsync(name);
            var back = await watcher.WaitForAsync(A);
            samples.Add(Stopwatch.GetElapsedTime(deleted, back).TotalMilliseconds);
        }

        await stop.CancelAsync();
        await run;
        return LatencyStats.From(samples);
    }

    private static Task Expect(RouteResult result, RouteOutcome outcome) => result.Outcome == outcome
        ? Task.CompletedTask
        : throw new InvalidOperationException($"expected {outcome}, got {result}");

    /// <summary>Watches a Service's slices and notes, with a timestamp, each event as it is read.</summary>
    private sealed class SliceWatcher : IAsyncDisposable
    {
        private readonly Channel<(long At, WatchEventType Type, V1EndpointSlice Slice)> _events = Channel.CreateUnbounded<(long, WatchEventType, V1EndpointSlice)>();
        private readonly CancellationTokenSource _stop = new();
        private Task _pump = Task.CompletedTask;

        public V1EndpointSlice? Current { get; private set; }

        public static async Task<SliceWatcher> StartAsync(IKubernetes client, string service)
        {
            var watcher = new SliceWatcher();
            var selector = "kubernetes.io/service-name=" + service;
            var list = await client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default", labelSelector: selector);
            watcher._pump = Task.Run(async () =>
            {
                try
                {
                    await foreach (var (type, slice) in client.DiscoveryV1.WatchListNamespacedEndpointSliceAsync(
                        "default", labelSelector: selector, resourceVersion: list.ResourceVersion(), cancellationToken: watcher._stop.Token))
                    {
                        watcher._events.Writer.TryWrite((Stopwatch.GetTimestamp(), type, slice));
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });
            return watcher;
        }

        /// <summary>When the watcher read a slice leading to <paramref name="target"/>.</summary>
        public async Task<long> WaitForAsync(PrimaryTarget target)
        {
            var address = target.Address.ToString();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var (at, type, slice) = await _events.Reader.ReadAsync(timeout.Token);
                if (type != WatchEventType.Deleted && slice.Endpoints is { Count: 1 } endpoints && endpoints[0].Addresses[0] == address)
                {
                    Current = slice;
                    return at;
                }
            }
        }

        /// <summary>When the watcher read the deletion of slice <paramref name="name"/>.</summary>
        public async Task<long> WaitForDeletionAsync(string name)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var (at, type, slice) = await _events.Reader.ReadAsync(timeout.Token);
                if (type == WatchEventType.Deleted && slice.Name() == name)
                {
                    return at;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _pump;
            _stop.Dispose();
        }
    }
}
