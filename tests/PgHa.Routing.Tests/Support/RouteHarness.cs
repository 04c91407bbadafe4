using System.Net;
using k8s;
using k8s.Models;
using PgHa.Routing.Resources;
using PgHa.Routing.Routers;
using PgHa.Testing;
using PgHa.Testing.Diagnostics;
using PgHa.Testing.Tests.Support;

namespace PgHa.Routing.Tests.Support;

/// <summary>
/// The embedded API server with a cluster's Services provisioned and a router on its own client (so the request log
/// tells its requests apart), plus the test's own view of the route through the admin client.
/// </summary>
internal sealed class RouteHarness : IAsyncDisposable
{
    public const string Cluster = "acid-minimal-cluster";
    public const string RouterClient = "pgha-router";
    public static readonly string[] WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    private readonly List<(CancellationTokenSource Stop, Task Run)> _running = [];
    private readonly List<PrimaryRouter> _routers = [];

    private RouteHarness(KubeApiServer server, PrimaryRouterOptions options)
    {
        Server = server;
        Options = options;
    }

    public KubeApiServer Server { get; }

    public PrimaryRouterOptions Options { get; }

    public IKubernetes Admin => Server.Client;

    public V1Service? Master { get; private set; }

    public PrimaryRouter Router { get; private set; } = null!;

    public static PrimaryTarget Member(int ordinal, string address, bool ready = true) =>
        new($"{Cluster}-{ordinal}", "default", IPAddress.Parse(address), $"node-{ordinal}", ready, $"pod-uid-{ordinal}");

    public static RouteTerm Term(PrimaryTarget? holder, long transitions) => new(holder?.PodName ?? string.Empty, transitions);

    public static async Task<RouteHarness> StartAsync(RoutingMode mode = RoutingMode.EndpointSlice, bool provision = true, Action<PrimaryRouterOptions>? configure = null)
    {
        var options = new PrimaryRouterOptions { ClusterName = Cluster, Mode = mode };
        configure?.Invoke(options);
        var harness = new RouteHarness(await KubeApiServer.StartAsync(), options);
        if (provision)
        {
            harness.Master = (await new ServiceProvisioner(harness.Admin, options).EnsureServicesAsync(CancellationToken.None)).Master;
        }

        harness.Router = harness.CreateRouter(RouterClient);
        return harness;
    }

    /// <summary>Another router for the same cluster, on its own client (e.g. a second operator replica).</summary>
    public PrimaryRouter CreateRouter(string client, IServiceProvisioner? provisioner = null)
    {
        var router = new PrimaryRouter(Server.CreateClient(client), Options, provisioner);
        _routers.Add(router);
        return router;
    }

    /// <summary>Starts the router's watch and drift repair, and waits until both its watches are open.</summary>
    public async Task RunAsync(PrimaryRouter? router = null, string client = RouterClient)
    {
        var opened = WatchesOpened(client, 2);
        var stop = new CancellationTokenSource();
        _running.Add((stop, (router ?? Router).RunAsync(stop.Token)));
        await opened;
    }

    /// <summary>The start of a drift test: the route in place, the router watching, and the test's own watch of the slices.</summary>
    public async Task<(V1EndpointSlice Slice, WatchRecorder<V1EndpointSlice> Watch)> RoutedAndWatchedAsync(PrimaryTarget target, RouteTerm term)
    {
        (await Router.RouteAsync(target, term, CancellationToken.None)).Outcome.Should().Be(RouteOutcome.Applied);
        await RunAsync();
        var slice = (await SlicesAsync()).Single();
        return (slice, await WatchSlicesAsync());
    }

    /// <summary>Completes when <paramref name="client"/> has opened <paramref name="count"/> more watches.</summary>
    public Task WatchesOpened(string client, int count)
    {
        var seen = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRecorded(RequestRecord record)
        {
            if (record.Client == client && record.Verb == "watch" && Interlocked.Increment(ref seen) == count)
            {
                Server.RequestLog.Recorded -= OnRecorded;
                done.TrySetResult();
            }
        }

        Server.RequestLog.Recorded += OnRecorded;
        return done.Task.WaitAsync(TestTimeouts.Default);
    }

    /// <summary>The writes <paramref name="client"/> has made so far.</summary>
    public long Writes(string client = RouterClient) => WriteVerbs.Sum(verb => Server.RequestLog.Count(client, verb));

    /// <summary>Every request <paramref name="client"/> has made so far, watches included.</summary>
    public long Requests(string client = RouterClient) => Server.RequestLog.Count(client);

    /// <summary>The master Service's slices, as the test sees them.</summary>
    public async Task<IList<V1EndpointSlice>> SlicesAsync(string? service = null) =>
        (await Admin.DiscoveryV1.ListNamespacedEndpointSliceAsync("default", labelSelector: RouteMetadata.ServiceNameLabel + "=" + (service ?? Cluster))).Items;

    /// <summary>A watch of the master Service's slices, from now.</summary>
    public async Task<WatchRecorder<V1EndpointSlice>> WatchSlicesAsync()
    {
        var list = await Admin.DiscoveryV1.ListNamespacedEndpointSliceAsync("default", labelSelector: RouteMetadata.ServiceNameLabel + "=" + Cluster);
        return new WatchRecorder<V1EndpointSlice>((onError, ct) => Admin.DiscoveryV1.WatchListNamespacedEndpointSliceAsync(
            "default", labelSelector: RouteMetadata.ServiceNameLabel + "=" + Cluster, resourceVersion: list.ResourceVersion(), onError: onError, cancellationToken: ct));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (stop, run) in _running)
        {
            await stop.CancelAsync();
            await run;
            stop.Dispose();
        }

        foreach (var router in _routers)
        {
            router.Dispose();
        }

        await Server.DisposeAsync();
    }
}
