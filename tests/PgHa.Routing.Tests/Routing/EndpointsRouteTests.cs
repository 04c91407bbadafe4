using k8s;
using k8s.Models;
using PgHa.Election;
using PgHa.Election.Records;
using PgHa.Election.Stores;
using PgHa.Routing.Resources;
using PgHa.Routing.Tests.Support;
using PgHa.Testing.Tests.Support;

namespace PgHa.Routing.Tests.Routing;

/// <summary>The Endpoints route (Patroni's <c>use_endpoints</c>): the mirroring controller makes the seed's slice from it.</summary>
public sealed class EndpointsRouteTests
{
    private static readonly PrimaryTarget Zero = RouteHarness.Member(0, "10.8.112.49");
    private static readonly PrimaryTarget One = RouteHarness.Member(1, "10.8.112.50");

    [Fact]
    public async Task The_route_in_the_endpoints_becomes_the_seeds_mirrored_slice()
    {
        await using var harness = await RouteHarness.StartAsync(RoutingMode.Endpoints);

        var result = await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);
        await harness.Server.WaitForControllersAsync(TestTimeouts.Token());

        result.Should().Be(new RouteResult(RouteOutcome.Applied, 1));
        var endpoints = await harness.Admin.CoreV1.ReadNamespacedEndpointsAsync("acid-minimal-cluster", "default");
        endpoints.Metadata.Labels.Should().Contain("spilo-role", "master").And.Contain("cluster-name", "acid-minimal-cluster");
        var subset = endpoints.Subsets.Should().ContainSingle().Subject;
        subset.Addresses.Should().ContainSingle().Which.Ip.Should().Be("10.8.112.49");
        subset.Ports.Should().ContainSingle().Which.Name.Should().Be("postgresql");

        var slice = (await harness.SlicesAsync()).Should().ContainSingle().Subject;
        slice.Metadata.Name.Should().StartWith("acid-minimal-cluster-");
        slice.Metadata.Labels.Should().Contain(new Dictionary<string, string>
        {
            ["application"] = "spilo",
            ["cluster-name"] = "acid-minimal-cluster",
            ["spilo-role"] = "master",
            ["team"] = "acid",
            ["kubernetes.io/service-name"] = "acid-minimal-cluster",
            ["endpointslice.kubernetes.io/managed-by"] = "endpointslicemirroring-controller.k8s.io",
        });
        slice.Metadata.OwnerReferences.Should().ContainSingle().Which.Should().Match<V1OwnerReference>(o => o.Kind == "Endpoints" && o.Name == "acid-minimal-cluster");
        slice.AddressType.Should().Be("IPv4");
        slice.Endpoints.Should().ContainSingle().Which.Addresses.Should().Equal("10.8.112.49");
        slice.Endpoints[0].TargetRef.Should().Match<V1ObjectReference>(r => r.Kind == "Pod" && r.Name == "acid-minimal-cluster-0" && r.NamespaceProperty == "default");
        slice.Ports.Should().ContainSingle().Which.Should().Match<Discoveryv1EndpointPort>(p => p.Name == "postgresql" && p.Port == 5432 && p.Protocol == "TCP");
    }

    [Fact]
    public async Task A_leader_change_is_one_write_to_the_endpoints()
    {
        await using var harness = await RouteHarness.StartAsync(RoutingMode.Endpoints);
        await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);
        var requests = harness.Requests();

        var result = await harness.Router.RouteAsync(One, RouteHarness.Term(One, 6), CancellationToken.None);

        result.Should().Be(new RouteResult(RouteOutcome.Applied, 1));
        harness.Requests().Should().Be(requests + 1);
        (await harness.Admin.CoreV1.ReadNamespacedEndpointsAsync("acid-minimal-cluster", "default")).Subsets.Single().Addresses.Single().Ip.Should().Be("10.8.112.50");
    }

    [Fact]
    public async Task Edited_endpoints_are_put_back_while_the_router_runs()
    {
        await using var harness = await RouteHarness.StartAsync(RoutingMode.Endpoints);
        await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);
        await harness.RunAsync();
        var list = await harness.Admin.CoreV1.ListNamespacedEndpointsAsync("default", fieldSelector: "metadata.name=acid-minimal-cluster");
        await using var watch = new WatchRecorder<V1Endpoints>((onError, ct) => harness.Admin.CoreV1.WatchListNamespacedEndpointsAsync(
            "default", fieldSelector: "metadata.name=acid-minimal-cluster", resourceVersion: list.ResourceVersion(), onError: onError, cancellationToken: ct));
        var requests = harness.Requests();

        var endpoints = list.Items.Single();
        endpoints.Subsets = [];
        await harness.Admin.CoreV1.ReplaceNamespacedEndpointsAsync(endpoints, "acid-minimal-cluster", "default");

        (await watch.NextAsync()).Object.Subsets.Should().BeNullOrEmpty();
        (await watch.NextAsync()).Object.Subsets.Single().Addresses.Single().Ip.Should().Be("10.8.112.49");
        harness.Requests().Should().Be(requests + 1);
    }

    [Fact]
    public async Task The_lock_holder_writes_lock_and_route_in_one_write_and_a_router_lagging_behind_the_lock_is_fenced()
    {
        await using var harness = await RouteHarness.StartAsync(RoutingMode.Endpoints);
        var election = new LeaderElectorOptions
        {
            Scope = "acid-minimal-cluster",
            Identity = "acid-minimal-cluster-1",
            LockKind = LockKind.Endpoints,
            Ttl = TimeSpan.FromSeconds(30),
            LoopWait = TimeSpan.FromSeconds(10),
            RetryTimeout = TimeSpan.FromSeconds(10),
        };
        var client = harness.Server.CreateClient("acid-minimal-cluster-1");
        var route = new LockRoute(new EndpointsRoute(One, harness.Options.Ports));
        await using var elector = new LeaderElector(election, LockStores.Create(client, election, route));
        var started = new TaskCompletionSource<LeadershipTerm>(TaskCreationOptions.RunContinuationsAsynchronously);
        elector.LeadershipStarted += (_, e) => started.TrySetResult(e.Term);
        using var stop = new CancellationTokenSource();
        var run = elector.RunAsync(stop.Token);
        var term = await started.Task.WaitAsync(TestTimeouts.Default);

        var endpoints = await harness.Admin.CoreV1.ReadNamespacedEndpointsAsync("acid-minimal-cluster", "default");
        endpoints.Metadata.Annotations["leader"].Should().Be("acid-minimal-cluster-1");
        endpoints.Subsets.Single().Addresses.Single().Ip.Should().Be("10.8.112.50");
        RouteHarness.WriteVerbs.Sum(v => harness.Server.RequestLog.Count("acid-minimal-cluster-1", v)).Should().Be(1, "lock and route went in one write");

        var lagging = await harness.Router.RouteAsync(Zero, new RouteTerm("acid-minimal-cluster-0", term.Transitions), CancellationToken.None);
        var following = await harness.Router.RouteAsync(One, new RouteTerm("acid-minimal-cluster-1", term.Transitions), CancellationToken.None);

        lagging.Outcome.Should().Be(RouteOutcome.Fenced);
        following.Outcome.Should().Be(RouteOutcome.Applied, "the route is the leader's already; the router only records its term");
        (await harness.Admin.CoreV1.ReadNamespacedEndpointsAsync("acid-minimal-cluster", "default")).Subsets.Single().Addresses.Single().Ip.Should().Be("10.8.112.50");

        (await elector.ReleaseAsync(CancellationToken.None)).Should().BeTrue();
        await stop.CancelAsync();
        await run;
        (await harness.Admin.CoreV1.ReadNamespacedEndpointsAsync("acid-minimal-cluster", "default")).Subsets.Should().BeNullOrEmpty();
    }

    // The two-line adapter an application writes: PgHa.Election and PgHa.Routing do not depend on each other.
    private sealed class LockRoute(IEndpointsRoute route) : IEndpointsWriteContributor
    {
        public IList<V1EndpointSubset>? SubsetsFor(LeaderRecord record) => route.SubsetsFor(record.IsHeld ? record.Holder : null);
    }
}
