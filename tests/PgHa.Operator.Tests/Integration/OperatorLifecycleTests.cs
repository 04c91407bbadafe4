using k8s;
using k8s.Models;
using PgHa.Operator.Tests.Support;
using PgHa.Routing;
using PgHa.Routing.Resources;
using PgHa.Testing.Tests.Support;

namespace PgHa.Operator.Tests.Integration;

/// <summary>Drift repair, renewals that cost nothing, and a graceful stop.</summary>
public sealed class OperatorLifecycleTests
{
    private const string Cluster = "acid-minimal-cluster";

    [Fact]
    public async Task A_deleted_route_is_put_back_and_reported_as_repaired()
    {
        await using var harness = await RoutedAsync();
        var slices = await harness.Admin.DiscoveryV1.ListNamespacedEndpointSliceAsync(OperatorHarness.Namespace,
            labelSelector: $"{RouteMetadata.ServiceNameLabel}={Cluster},{RouteMetadata.ManagedByLabel}={PrimaryRouterOptions.DefaultManagedBy}");

        await harness.Admin.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(slices.Items.Single().Metadata.Name, OperatorHarness.Namespace);

        await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 0));
        await WaitForChangeAsync(harness, e => e.Reason == "repaired" && e.Leader == OperatorHarness.PodName(Cluster, 0));
    }

    [Fact]
    public async Task A_deleted_master_service_is_provisioned_again()
    {
        await using var harness = await RoutedAsync();

        await harness.Admin.CoreV1.DeleteNamespacedServiceAsync(Cluster, OperatorHarness.Namespace);

        await ApiWaiter.UntilAsync<V1Service>(
            async ct =>
            {
                var list = await harness.Admin.CoreV1.ListNamespacedServiceAsync(OperatorHarness.Namespace, cancellationToken: ct);
                return (list.Items, list.ResourceVersion());
            },
            (v, onError, ct) => harness.Admin.CoreV1.WatchListNamespacedServiceAsync(OperatorHarness.Namespace, resourceVersion: v, onError: onError, cancellationToken: ct),
            services => services.ContainsKey(OperatorHarness.Namespace + "/" + Cluster),
            what: "the master Service to come back");
        await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 0));
    }

    [Fact]
    public async Task A_failing_route_write_is_retried_with_back_off_until_it_succeeds()
    {
        await using var harness = await OperatorHarness.StartAsync();
        using var fault = harness.Server.Faults.Add(new PgHa.Testing.Faults.FaultRule
        {
            Client = OperatorHarness.OperatorClient,
            Verb = "update",
            Resource = "endpointslices.discovery.k8s.io",
            StatusCode = 503,
            MaxCount = 3,
        });
        await harness.CreateClusterAsync(Cluster);
        await harness.CreateMemberAsync(Cluster, 0, OperatorHarness.PodIp(0, 0));
        await harness.WaitForStatusAsync(Cluster, s => OperatorHarness.Condition(s, "reason") == "NoLock");

        await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 0), 1);

        await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 0));
        harness.Server.Faults.InjectedCount.Should().Be(3);
        await harness.WaitForStatusAsync(Cluster, s => OperatorHarness.Condition(s, "reason") == "Routed");
        await harness.Operator.Queue.IdleAsync().WaitAsync(TestTimeouts.Default);
        harness.Operator.Queue.Failures(OperatorHarness.Namespace + "/" + Cluster).Should().Be(0, "a success resets the back-off");
    }

    [Fact]
    public async Task Lock_renewals_cost_the_operator_no_request()
    {
        await using var harness = await RoutedAsync();
        await harness.Operator.Queue.IdleAsync().WaitAsync(TestTimeouts.Default);
        var requests = harness.OperatorRequests();
        var renewals = harness.Operator.Caches.Locks.NextWatch;

        for (var i = 0; i < 20; i++)
        {
            await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 0), 1);
        }

        // A sentinel after the renewals: once the operator has seen it, it has seen them all.
        await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 1), 2);
        await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 1));
        await harness.WaitForStatusAsync(Cluster, s => s.GetProperty("term").GetInt64() == 2);
        await harness.Operator.Queue.IdleAsync().WaitAsync(TestTimeouts.Default);

        harness.OperatorRequests().Should().Be(requests + 2, "one route write and one status write for the takeover; the renewals cost nothing");
        renewals.IsCompleted.Should().BeFalse("the lock watch stayed open");
    }

    [Fact]
    public async Task A_restarted_operator_finds_everything_in_place_and_writes_nothing()
    {
        await using var harness = await RoutedAsync();
        await harness.StopAsync();
        harness.Server.RequestLog.Reset();

        await using var second = new PostgresOperator(harness.Server.CreateClient("pgha-operator-2"), new OperatorOptions());
        var changes = 0;
        second.RouteChanged += (_, _) => Interlocked.Increment(ref changes);
        using var stop = new CancellationTokenSource();
        var run = second.RunAsync(stop.Token);
        await second.WaitForSyncAsync(TestTimeouts.Token());
        await second.Queue.IdleAsync().WaitAsync(TestTimeouts.Default);
        second.Reconciler.Clusters.Should().Be(1, "the cluster was reconciled");
        await stop.CancelAsync();
        await run;

        var requests = harness.Server.RequestLog.Counts().Where(c => c.Key.Client == "pgha-operator-2").ToList();
        requests.Should().OnlyContain(c => c.Key.Verb == "list" || c.Key.Verb == "watch", "the Services, route and status are as they should be");
        changes.Should().Be(0);
    }

    [Fact]
    public async Task Stopping_finishes_gracefully_and_leaves_nothing_running()
    {
        await using var harness = await RoutedAsync();

        await harness.StopAsync().WaitAsync(TestTimeouts.Default);
        var requests = harness.Server.RequestLog.Total;
        await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 1), 2);
        await harness.Server.WaitForControllersAsync(TestTimeouts.Token());

        harness.Operator.Queue.ShuttingDown.Should().BeTrue();
        harness.Server.RequestLog.Total.Should().Be(requests + 1, "only the test's own lock write; the stopped operator asks nothing");
        await harness.Operator.DisposeAsync();
        await harness.Operator.DisposeAsync();
    }

    private static async Task<OperatorHarness> RoutedAsync()
    {
        var harness = await OperatorHarness.StartAsync();
        await harness.CreateClusterAsync(Cluster);
        await harness.CreateMemberAsync(Cluster, 0, OperatorHarness.PodIp(0, 0));
        await harness.CreateMemberAsync(Cluster, 1, OperatorHarness.PodIp(0, 1));
        await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 0), 1);
        await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 0));
        await harness.WaitForStatusAsync(Cluster, s => OperatorHarness.Condition(s, "reason") == "Routed");
        return harness;
    }

    private static async Task WaitForChangeAsync(OperatorHarness harness, Func<RouteChangedEventArgs, bool> match)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Handler(object? sender, RouteChangedEventArgs e)
        {
            if (match(e))
            {
                seen.TrySetResult();
            }
        }

        harness.Operator.RouteChanged += Handler;
        try
        {
            lock (harness.RouteChanges)
            {
                if (harness.RouteChanges.Any(match))
                {
                    return;
                }
            }

            await seen.Task.WaitAsync(TestTimeouts.Default);
        }
        finally
        {
            harness.Operator.RouteChanged -= Handler;
        }
    }
}
