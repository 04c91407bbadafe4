using System.Diagnostics;
using k8s;
using PgHa.Election;
using PgHa.Interop.Tests.Support;
using PgHa.Routing;
using PgHa.Routing.Routers;
using Xunit.Abstractions;

namespace PgHa.Interop.Tests;

/// <summary>Scenario 2: Patroni in ConfigMap mode, with PgHa.Routing keeping the master Service's slice on the leader.</summary>
public sealed class PatroniConfigMapTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task PgHa_routes_the_master_service_to_the_member_the_leader_ConfigMap_names_fenced_by_its_transitions()
    {
        await using var cluster = await PatroniCluster.CreateAsync(members: 2, useEndpoints: false);
        var options = new PrimaryRouterOptions { ClusterName = PatroniCluster.Scope };
        var operatorClient = cluster.Server.CreateClient("operator");
        var provisioner = new ServiceProvisioner(operatorClient, options);
        await provisioner.EnsureServicesAsync(CancellationToken.None);
        using var router = new PrimaryRouter(operatorClient, options, provisioner);
        using var stop = new CancellationTokenSource();
        var repair = router.RunAsync(stop.Token);
        await using var locks = await ClusterWatches.LockAsync(cluster);
        await using var slices = await ClusterWatches.SlicesAsync(cluster);
        var (first, second) = (cluster.Members[0], cluster.Members[1]);
        try
        {
            await using var follower = new LockFollower(operatorClient, LockKind.ConfigMap, router);
            cluster.Start(first);
            await locks.WaitForAsync(o => ClusterWatches.Record(o, cluster.LockName).Record.Holder == first.Name, TimeSpan.FromSeconds(90), cluster.Output);
            cluster.Start(second);
            await PatroniEndpointsTests.WaitForStreamingAsync(first, cluster);
            var term = ClusterWatches.Record(locks.Current, cluster.LockName).Record.Transitions;
            await slices.WaitForAsync(s => ClusterWatches.ReadyAddresses(s).SequenceEqual([first.Address.ToString()]), TimeSpan.FromSeconds(30), () => follower.Describe());
            var slice = slices.Current.Values.Single();
            slice.Metadata.Labels.Should().Contain("endpointslice.kubernetes.io/managed-by", PrimaryRouterOptions.DefaultManagedBy);
            slice.Metadata.Annotations.Should().Contain("pgha.io/route-term", $"{term}/{first.Name}");
            slice.Ports.Single().Port.Should().Be(5432, "the Service's port; Patroni's members listen elsewhere only in this test");

            var killed = Stopwatch.GetTimestamp();
            first.Kill();
            var lockMoved = await locks.WaitForAsync(o => ClusterWatches.Record(o, cluster.LockName).Record.Holder == second.Name, TimeSpan.FromSeconds(PatroniCluster.Ttl * 4), cluster.Output);
            var sliceMoved = await slices.WaitForAsync(s => ClusterWatches.ReadyAddresses(s).SequenceEqual([second.Address.ToString()]), TimeSpan.FromSeconds(30), cluster.Output);

            var toLock = Stopwatch.GetElapsedTime(killed, lockMoved);
            var toSlice = Stopwatch.GetElapsedTime(killed, sliceMoved);
            output.WriteLine($"ConfigMap mode + PgHa.Routing, ttl {PatroniCluster.Ttl} s, loop_wait {PatroniCluster.LoopWait} s: SIGKILL -> lock moved {toLock.TotalSeconds:F2} s, -> slice moved {toSlice.TotalSeconds:F2} s ({(toSlice - toLock).TotalMilliseconds:F1} ms after the lock)");
            toLock.Should().BeGreaterThan(TimeSpan.FromSeconds(PatroniCluster.Ttl - PatroniCluster.LoopWait - 1));
            toLock.Should().BeLessThan(TimeSpan.FromSeconds(PatroniCluster.Ttl + (3 * PatroniCluster.LoopWait) + 5));
            slices.Current.Values.Single().Metadata.Annotations.Should().Contain("pgha.io/route-term", $"{term + 1}/{second.Name}");

            // A request lagging behind the lock (the old leader, its old term) is refused: the route stays.
            var stale = await router.RouteAsync(
                new PrimaryTarget(first.Name, "default", first.Address), new RouteTerm(first.Name, term), CancellationToken.None);
            stale.Outcome.Should().Be(RouteOutcome.Fenced);
            (await cluster.Admin.DiscoveryV1.ListNamespacedEndpointSliceAsync("default", labelSelector: "kubernetes.io/service-name=" + PatroniCluster.Scope))
                .Items.Single().Endpoints.Single().Addresses.Should().Equal(second.Address.ToString());
            follower.Results.Should().NotContain(r => r.Outcome == RouteOutcome.Failed || r.Outcome == RouteOutcome.Conflict);
        }
        finally
        {
            await stop.CancelAsync();
            await repair;
        }
    }
}
