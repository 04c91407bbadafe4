using k8s;
using k8s.Models;
using PgHa.Election;
using PgHa.Election.Stores;
using PgHa.Operator.Tests.Support;
using PgHa.Routing;

namespace PgHa.Operator.Tests.Integration;

/// <summary>The operator with each lock kind and routing mode, and with PgHa.Election's own elector as the agent.</summary>
public sealed class OperatorLockKindTests
{
    private const string Cluster = "acid-minimal-cluster";

    [Fact]
    public async Task Follows_the_lock_of_a_real_pgha_elector_and_its_release()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.CreateClusterAsync(Cluster);
        await harness.CreateMemberAsync(Cluster, 1, OperatorHarness.PodIp(0, 1));
        var election = new LeaderElectorOptions
        {
            Scope = Cluster,
            Namespace = OperatorHarness.Namespace,
            Identity = OperatorHarness.PodName(Cluster, 1),
            Ttl = TimeSpan.FromSeconds(30),
            LoopWait = TimeSpan.FromSeconds(10),
            RetryTimeout = TimeSpan.FromSeconds(10),
        };
        var client = harness.Server.CreateClient("agent-1");
        await using var elector = new LeaderElector(election, LockStores.Create(client, election));
        using var stop = new CancellationTokenSource();
        var run = elector.RunAsync(stop.Token);

        await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 1));
        var status = await harness.WaitForStatusAsync(Cluster, s => OperatorHarness.Condition(s, "reason") == "Routed");
        status.GetProperty("leader").GetString().Should().Be(OperatorHarness.PodName(Cluster, 1));

        (await elector.ReleaseAsync(CancellationToken.None)).Should().BeTrue();
        await harness.WaitForRouteAsync(Cluster, null);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task An_endpoints_lock_in_endpointslice_mode_routes_through_the_operators_own_slice()
    {
        await using var harness = await OperatorHarness.StartAsync(o => o.LockKind = LockKind.Endpoints);
        await harness.CreateClusterAsync(Cluster);
        await harness.CreateMemberAsync(Cluster, 0, OperatorHarness.PodIp(0, 0));
        await harness.CreateMemberAsync(Cluster, 1, OperatorHarness.PodIp(0, 1));

        await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 0), 1);
        await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 0));
        await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 1), 2);
        await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 1));

        // The lock object is left to its holders: the operator never writes the lock's Endpoints in this mode.
        harness.Server.RequestLog.Count(OperatorHarness.OperatorClient, "update", "endpoints").Should().Be(0);
        harness.Server.RequestLog.Count(OperatorHarness.OperatorClient, "patch", "endpoints").Should().Be(0);
    }

    [Fact]
    public async Task A_lease_lock_is_followed()
    {
        await using var harness = await OperatorHarness.StartAsync(o => o.LockKind = LockKind.Lease);
        await harness.CreateClusterAsync(Cluster);
        await harness.CreateMemberAsync(Cluster, 2, OperatorHarness.PodIp(0, 2));

        await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 2), 5);

        await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 2));
        var status = await harness.WaitForStatusAsync(Cluster, s => OperatorHarness.Condition(s, "reason") == "Routed");
        status.GetProperty("term").GetInt64().Should().Be(5);
    }

    [Theory]
    [InlineData(LockKind.ConfigMap)]
    [InlineData(LockKind.Endpoints)]
    public async Task In_endpoints_mode_the_route_is_the_services_endpoints(LockKind lockKind)
    {
        await using var harness = await OperatorHarness.StartAsync(o =>
        {
            o.RoutingMode = RoutingMode.Endpoints;
            o.LockKind = lockKind;
        });
        await harness.CreateClusterAsync(Cluster);
        await harness.CreateMemberAsync(Cluster, 0, OperatorHarness.PodIp(0, 0));
        await harness.CreateMemberAsync(Cluster, 1, OperatorHarness.PodIp(0, 1));

        await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 0), 1);
        await WaitForEndpointsAsync(harness, OperatorHarness.PodIp(0, 0));
        await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 1), 2);
        var endpoints = await WaitForEndpointsAsync(harness, OperatorHarness.PodIp(0, 1));

        if (lockKind == LockKind.Endpoints)
        {
            endpoints.Metadata.Annotations.Should().Contain("leader", OperatorHarness.PodName(Cluster, 1), "the lock shares the object and survives the route's writes");
        }

        await harness.WaitForStatusAsync(Cluster, s => OperatorHarness.Condition(s, "reason") == "Routed" && s.GetProperty("term").GetInt64() == 2);
    }

    private static async Task<V1Endpoints> WaitForEndpointsAsync(OperatorHarness harness, string address)
    {
        var found = await ApiWaiter.UntilAsync<V1Endpoints>(
            async ct =>
            {
                var list = await harness.Admin.CoreV1.ListNamespacedEndpointsAsync(OperatorHarness.Namespace, cancellationToken: ct);
                return (list.Items, list.ResourceVersion());
            },
            (v, onError, ct) => harness.Admin.CoreV1.WatchListNamespacedEndpointsAsync(OperatorHarness.Namespace, resourceVersion: v, onError: onError, cancellationToken: ct),
            items => items.TryGetValue(OperatorHarness.Namespace + "/" + Cluster, out var e) &&
                e.Subsets?.SingleOrDefault()?.Addresses?.SingleOrDefault()?.Ip == address,
            what: $"the Endpoints to lead to {address}");
        return found[OperatorHarness.Namespace + "/" + Cluster];
    }
}
