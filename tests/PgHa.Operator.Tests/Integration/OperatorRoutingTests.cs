using k8s;
using k8s.Models;
using PgHa.Operator.Tests.Support;

namespace PgHa.Operator.Tests.Integration;

/// <summary>The operator on the embedded API server: Services, the route following the lock, status, deletion.</summary>
public sealed class OperatorRoutingTests
{
    private const string Cluster = "acid-minimal-cluster";

    [Fact]
    public async Task A_cluster_gets_a_selectorless_master_service_and_a_replica_service_owned_by_it()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.CreateClusterAsync(Cluster);

        await harness.WaitForStatusAsync(Cluster, s => OperatorHarness.Condition(s, "reason") == "NoLock");

        var master = await harness.Admin.CoreV1.ReadNamespacedServiceAsync(Cluster, OperatorHarness.Namespace);
        var replica = await harness.Admin.CoreV1.ReadNamespacedServiceAsync(Cluster + "-repl", OperatorHarness.Namespace);
        master.Spec.Selector.Should().BeNullOrEmpty();
        master.Metadata.Labels.Should().Contain("team", "acid").And.Contain("spilo-role", "master").And.Contain("cluster-name", Cluster);
        replica.Spec.Selector.Should().Contain("spilo-role", "replica").And.Contain("cluster-name", Cluster).And.Contain("application", "spilo");
        foreach (var service in new[] { master, replica })
        {
            var owner = service.Metadata.OwnerReferences.Should().ContainSingle().Subject;
            owner.Kind.Should().Be("postgresql");
            owner.Name.Should().Be(Cluster);
            owner.Controller.Should().BeTrue();
            owner.BlockOwnerDeletion.Should().BeTrue();
        }
    }

    [Fact]
    public async Task The_route_follows_the_lock_through_takeover_and_release()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.CreateClusterAsync(Cluster);
        for (var i = 0; i < 3; i++)
        {
            await harness.CreateMemberAsync(Cluster, i, OperatorHarness.PodIp(0, i));
        }

        await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 0), 1);
        await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 0));
        var status = await harness.WaitForStatusAsync(Cluster, s => OperatorHarness.Condition(s, "status") == "True");
        status.GetProperty("leader").GetString().Should().Be(OperatorHarness.PodName(Cluster, 0));
        status.GetProperty("term").GetInt64().Should().Be(1);
        status.GetProperty("PostgresClusterStatus").GetString().Should().Be("Running");
        OperatorHarness.Condition(status, "reason").Should().Be("Routed");
        OperatorHarness.Condition(status, "observedGeneration").Should().Be("1");
        status.GetProperty("observedGeneration").GetInt64().Should().Be(1);

        await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 1), 2);
        await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 1));
        status = await harness.WaitForStatusAsync(Cluster, s => s.GetProperty("term").GetInt64() == 2);
        status.GetProperty("leader").GetString().Should().Be(OperatorHarness.PodName(Cluster, 1));

        await harness.WriteLockAsync(Cluster, null, 2);
        await harness.WaitForRouteAsync(Cluster, null);
        status = await harness.WaitForStatusAsync(Cluster, s => OperatorHarness.Condition(s, "reason") == "NoLeader");
        OperatorHarness.Condition(status, "status").Should().Be("False");
        status.GetProperty("leader").GetString().Should().BeEmpty();

        lock (harness.RouteChanges)
        {
            harness.RouteChanges.Select(e => (e.Leader, e.Term, e.Reason)).Should().Equal(
                (OperatorHarness.PodName(Cluster, 0), 1L, "acquired"),
                (OperatorHarness.PodName(Cluster, 1), 2L, "acquired"),
                (null, 2L, "released"));
        }
    }

    [Fact]
    public async Task An_expired_lock_clears_the_route_at_the_expiry_instant()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.CreateClusterAsync(Cluster);
        await harness.CreateMemberAsync(Cluster, 0, OperatorHarness.PodIp(0, 0));

        await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 0), 3, ttlSeconds: 1);
        await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 0));

        // Nobody renews: one ttl after the operator saw the record change, the route leads nowhere.
        await harness.WaitForRouteAsync(Cluster, null);
        var status = await harness.WaitForStatusAsync(Cluster, s => OperatorHarness.Condition(s, "reason") == "LockExpired");
        OperatorHarness.Condition(status, "status").Should().Be("False");
        lock (harness.RouteChanges)
        {
            harness.RouteChanges.Last().Should().Match<RouteChangedEventArgs>(e => e.Leader == null && e.Reason == "expired" && e.Term == 3);
        }
    }

    [Fact]
    public async Task A_leader_without_a_pod_gets_no_route_and_a_condition_that_says_why()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.CreateClusterAsync(Cluster);

        await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 2), 1);

        var status = await harness.WaitForStatusAsync(Cluster, s => OperatorHarness.Condition(s, "reason") == "LeaderPodMissing");
        OperatorHarness.Condition(status, "message").Should().Contain(OperatorHarness.PodName(Cluster, 2));
        await harness.WaitForRouteAsync(Cluster, null);

        await harness.CreateMemberAsync(Cluster, 2, OperatorHarness.PodIp(0, 2));
        await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 2));
    }

    [Fact]
    public async Task Deleting_the_cluster_removes_its_services_and_route()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.CreateClusterAsync(Cluster);
        await harness.CreateMemberAsync(Cluster, 0, OperatorHarness.PodIp(0, 0));
        await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 0), 1);
        await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 0));

        await harness.Admin.CustomObjects.DeleteNamespacedCustomObjectAsync("acid.zalan.do", "v1", OperatorHarness.Namespace, "postgresqls", Cluster);

        await ApiWaiter.UntilAsync<V1Service>(
            async ct =>
            {
                var list = await harness.Admin.CoreV1.ListNamespacedServiceAsync(OperatorHarness.Namespace, cancellationToken: ct);
                return (list.Items, list.ResourceVersion());
            },
            (v, onError, ct) => harness.Admin.CoreV1.WatchListNamespacedServiceAsync(OperatorHarness.Namespace, resourceVersion: v, onError: onError, cancellationToken: ct),
            services => services.Values.All(s => s.GetLabel("cluster-name") != Cluster),
            what: "the cluster's Services to go");
        await ApiWaiter.UntilAsync<V1EndpointSlice>(
            async ct =>
            {
                var list = await harness.Admin.DiscoveryV1.ListNamespacedEndpointSliceAsync(OperatorHarness.Namespace, cancellationToken: ct);
                return (list.Items, list.ResourceVersion());
            },
            (v, onError, ct) => harness.Admin.DiscoveryV1.WatchListNamespacedEndpointSliceAsync(OperatorHarness.Namespace, resourceVersion: v, onError: onError, cancellationToken: ct),
            slices => slices.Values.All(s => s.GetLabel("kubernetes.io/service-name") is not (Cluster or Cluster + "-repl")),
            what: "the cluster's slices to go");
    }

    [Fact]
    public async Task A_malformed_spec_gives_a_condition_and_other_clusters_keep_being_served()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.CreateRawClusterAsync("broken", new Dictionary<string, object>
        {
            ["numberOfInstances"] = 2,
            ["postgresql"] = new Dictionary<string, object> { ["version"] = "15" },
            ["volume"] = new Dictionary<string, object> { ["size"] = "1Gi" },
            ["teamId"] = "",
        });
        await harness.CreateClusterAsync(Cluster);
        await harness.CreateMemberAsync(Cluster, 0, OperatorHarness.PodIp(0, 0));
        await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 0), 1);

        var status = await harness.WaitForStatusAsync("broken", s => OperatorHarness.Condition(s, "reason") == "InvalidSpec");
        status.GetProperty("PostgresClusterStatus").GetString().Should().Be("Invalid");
        OperatorHarness.Condition(status, "message").Should().Contain("spec.teamId");
        await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 0));
    }

    [Fact]
    public async Task A_malformed_lock_is_reported_and_leaves_the_route_alone()
    {
        await using var harness = await OperatorHarness.StartAsync();
        await harness.CreateClusterAsync(Cluster);
        await harness.CreateMemberAsync(Cluster, 0, OperatorHarness.PodIp(0, 0));
        await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 0), 1);
        await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 0));

        var patch = new V1Patch("""{"metadata":{"annotations":{"leader":null,"transitions":"many"}}}""", V1Patch.PatchType.MergePatch);
        await harness.Admin.CoreV1.PatchNamespacedConfigMapAsync(patch, Cluster + "-leader", OperatorHarness.Namespace);

        var status = await harness.WaitForStatusAsync(Cluster, s => OperatorHarness.Condition(s, "reason") == "MalformedLock");
        OperatorHarness.Condition(status, "status").Should().Be("Unknown");
        await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 0));

        // Readable again: the operator follows it.
        await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 0), 2);
        await harness.WaitForStatusAsync(Cluster, s => OperatorHarness.Condition(s, "reason") == "Routed" && s.GetProperty("term").GetInt64() == 2);
    }
}
