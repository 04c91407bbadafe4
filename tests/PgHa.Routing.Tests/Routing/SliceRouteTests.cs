using k8s;
using NSubstitute;
using k8s.Models;
using PgHa.Routing.Resources;
using PgHa.Routing.Tests.Support;
using PgHa.Testing.Faults;
using PgHa.Testing.Tests.Support;

namespace PgHa.Routing.Tests.Routing;

/// <summary>The EndpointSlice route on the embedded API server: its shape, its writes, fencing and repair.</summary>
public sealed class SliceRouteTests
{
    private static readonly PrimaryTarget Zero = RouteHarness.Member(0, "10.8.112.49");
    private static readonly PrimaryTarget One = RouteHarness.Member(1, "10.8.112.50");

    [Theory]
    [InlineData("10.8.112.49", "IPv4")]
    [InlineData("fd00:10:8::49", "IPv6")]
    public async Task The_route_has_the_seeds_shape_with_this_library_as_manager_and_the_Service_as_owner(string address, string family)
    {
        await using var harness = await RouteHarness.StartAsync();
        var primary = RouteHarness.Member(0, address);

        var result = await harness.Router.RouteAsync(primary, RouteHarness.Term(primary, 5), CancellationToken.None);

        result.Should().Be(new RouteResult(RouteOutcome.Applied, 1));
        var slice = (await harness.SlicesAsync()).Should().ContainSingle().Subject;
        slice.Metadata.Name.Should().StartWith("acid-minimal-cluster-").And.HaveLength("acid-minimal-cluster-".Length + 5);
        slice.Metadata.GenerateName.Should().Be("acid-minimal-cluster-");
        slice.Metadata.Labels.Should().Contain(new Dictionary<string, string>
        {
            ["application"] = "spilo",
            ["cluster-name"] = "acid-minimal-cluster",
            ["spilo-role"] = "master",
            ["team"] = "acid",
            ["kubernetes.io/service-name"] = "acid-minimal-cluster",
            ["endpointslice.kubernetes.io/managed-by"] = "primary-router.pgha.io",
        });
        var owner = slice.Metadata.OwnerReferences.Should().ContainSingle().Subject;
        (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller).Should().Be(("v1", "Service", "acid-minimal-cluster", harness.Master!.Uid(), (bool?)true));
        slice.AddressType.Should().Be(family);
        slice.Ports.Should().ContainSingle().Which.Should().BeEquivalentTo(new Discoveryv1EndpointPort { Name = "postgresql", Port = 5432, Protocol = "TCP" });
        var endpoint = slice.Endpoints.Should().ContainSingle().Subject;
        endpoint.Addresses.Should().Equal(address);
        (endpoint.Conditions.Ready, endpoint.Conditions.Serving, endpoint.Conditions.Terminating).Should().Be((true, true, false));
        (endpoint.TargetRef.Kind, endpoint.TargetRef.Name, endpoint.TargetRef.NamespaceProperty, endpoint.TargetRef.Uid)
            .Should().Be(("Pod", "acid-minimal-cluster-0", "default", "pod-uid-0"));
        endpoint.NodeName.Should().Be("node-0");
        harness.Writes().Should().Be(1);
    }

    [SkippableFact]
    public async Task Kubectl_shows_the_route_by_the_services_label()
    {
        await using var harness = await RouteHarness.StartAsync();
        using var kubectl = Kubectl.ForServer(harness.Server.BaseAddress.ToString());
        await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);

        var yaml = (await kubectl.RunAsync("get", "endpointslice", "-l", "kubernetes.io/service-name=acid-minimal-cluster", "-o", "yaml")).ShouldSucceed().Stdout;

        var slice = KubernetesYaml.Deserialize<V1EndpointSliceList>(yaml).Items.Should().ContainSingle().Subject;
        slice.AddressType.Should().Be("IPv4");
        slice.Metadata.Labels.Should().Contain("endpointslice.kubernetes.io/managed-by", "primary-router.pgha.io").And.Contain("spilo-role", "master");
        slice.Metadata.OwnerReferences.Should().ContainSingle().Which.Kind.Should().Be("Service");
        slice.Endpoints.Should().ContainSingle().Which.Addresses.Should().Equal("10.8.112.49");
        slice.Endpoints[0].TargetRef.Name.Should().Be("acid-minimal-cluster-0");
        slice.Ports.Should().ContainSingle().Which.Name.Should().Be("postgresql");
        yaml.Should().Contain("addressType: IPv4").And.Contain("name: postgresql").And.Contain("kind: Pod");
    }

    [Fact]
    public async Task A_leader_change_moves_the_address_in_one_write_and_watchers_see_no_state_in_between()
    {
        await using var harness = await RouteHarness.StartAsync();
        await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);
        await using var watch = await harness.WatchSlicesAsync();
        var requests = harness.Requests();

        var result = await harness.Router.RouteAsync(One, RouteHarness.Term(One, 6), CancellationToken.None);

        result.Should().Be(new RouteResult(RouteOutcome.Applied, 1));
        harness.Requests().Should().Be(requests + 1, "the router plans from what it wrote last: one compare-and-swap, no read");
        harness.Server.RequestLog.Snapshot().Last(r => r.Client == RouteHarness.RouterClient).Verb.Should().Be("update");
        var (type, slice) = await watch.NextAsync();
        type.Should().Be(WatchEventType.Modified);
        slice.Endpoints.Should().ContainSingle().Which.Addresses.Should().Equal("10.8.112.50");
        slice.Metadata.Annotations[RouteMetadata.TermAnnotation].Should().Be("6/acid-minimal-cluster-1");
    }

    [Fact]
    public async Task Asking_for_the_route_that_is_in_place_writes_nothing()
    {
        await using var harness = await RouteHarness.StartAsync();
        await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);
        var requests = harness.Requests();

        var again = await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);
        var fresh = await harness.CreateRouter("other-operator").RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);

        again.Should().Be(new RouteResult(RouteOutcome.Unchanged));
        fresh.Should().Be(new RouteResult(RouteOutcome.Unchanged));
        harness.Requests().Should().Be(requests);
        harness.Writes("other-operator").Should().Be(0);
    }

    [Fact]
    public async Task A_writer_of_a_stale_term_is_refused_and_writes_nothing()
    {
        await using var harness = await RouteHarness.StartAsync();
        var newer = harness.CreateRouter("operator-b");
        (await newer.RouteAsync(One, RouteHarness.Term(One, 6), CancellationToken.None)).Outcome.Should().Be(RouteOutcome.Applied);

        var stale = await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);

        stale.Outcome.Should().Be(RouteOutcome.Fenced);
        stale.Detail.Should().Contain("term 6").And.Contain("acid-minimal-cluster-1");
        harness.Writes().Should().Be(0);
        (await harness.SlicesAsync()).Should().ContainSingle().Which.Endpoints.Single().Addresses.Should().Equal("10.8.112.50");
    }

    [Fact]
    public async Task A_stale_writer_that_planned_from_an_old_read_loses_the_compare_and_swap_and_is_then_refused()
    {
        await using var harness = await RouteHarness.StartAsync();
        await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);
        (await harness.CreateRouter("operator-b").RouteAsync(One, RouteHarness.Term(One, 6), CancellationToken.None)).Outcome.Should().Be(RouteOutcome.Applied);

        // The first router still holds the term-5 version, by which it may move its own term's route (say, to the
        // primary's new address): the server refuses the write (409), the router reads, and fences itself.
        var stale = await harness.Router.RouteAsync(RouteHarness.Member(0, "10.8.112.59"), RouteHarness.Term(Zero, 5), CancellationToken.None);

        stale.Outcome.Should().Be(RouteOutcome.Fenced);
        harness.Server.RequestLog.Snapshot().Where(r => r.Client == RouteHarness.RouterClient).Select(r => (r.Verb, r.StatusCode)).TakeLast(3)
            .Should().Equal(("update", 409), ("list", 200), ("list", 200));
        (await harness.SlicesAsync()).Single().Endpoints.Single().Addresses.Should().Equal("10.8.112.50");
    }

    [Fact]
    public async Task Switching_address_family_creates_the_new_slice_before_deleting_the_old()
    {
        await using var harness = await RouteHarness.StartAsync();
        await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);
        await using var watch = await harness.WatchSlicesAsync();
        var v6 = RouteHarness.Member(1, "fd00:10:8::50");

        var result = await harness.Router.RouteAsync(v6, RouteHarness.Term(v6, 6), CancellationToken.None);

        result.Should().Be(new RouteResult(RouteOutcome.Applied, 2));
        var added = await watch.NextAsync();
        var deleted = await watch.NextAsync();
        (added.Type, added.Object.AddressType).Should().Be((WatchEventType.Added, "IPv6"));
        (deleted.Type, deleted.Object.AddressType).Should().Be((WatchEventType.Deleted, "IPv4"));
        (await harness.SlicesAsync()).Should().ContainSingle().Which.Endpoints.Single().Addresses.Should().Equal("fd00:10:8::50");
    }

    [Fact]
    public async Task Without_a_leader_the_service_has_no_endpoint_so_clients_fail_fast()
    {
        await using var harness = await RouteHarness.StartAsync();
        await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);

        var result = await harness.Router.RouteAsync(null, RouteHarness.Term(null, 5), CancellationToken.None);

        result.Should().Be(new RouteResult(RouteOutcome.Applied, 1));
        var slice = (await harness.SlicesAsync()).Should().ContainSingle().Subject;
        slice.Endpoints.Should().BeNullOrEmpty();
        slice.Metadata.Annotations[RouteMetadata.TermAnnotation].Should().Be("5/");
        (await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None)).Outcome
            .Should().Be(RouteOutcome.Fenced, "the term was released; only a new term may route again");
    }

    [Fact]
    public async Task Before_the_first_election_the_route_leads_nowhere_and_the_first_leader_of_term_0_takes_it()
    {
        await using var harness = await RouteHarness.StartAsync();

        var none = await harness.Router.RouteAsync(null, RouteTerm.None, CancellationToken.None);
        var first = await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 0), CancellationToken.None);

        none.Should().Be(new RouteResult(RouteOutcome.Applied, 1));
        first.Should().Be(new RouteResult(RouteOutcome.Applied, 1));
        var slice = (await harness.SlicesAsync()).Single();
        slice.Metadata.Annotations[RouteMetadata.TermAnnotation].Should().Be("0/acid-minimal-cluster-0");
        (await harness.Router.RouteAsync(null, RouteTerm.None, CancellationToken.None)).Outcome.Should().Be(RouteOutcome.Fenced);
    }

    [Fact]
    public async Task A_primary_that_is_not_ready_is_published_as_not_ready()
    {
        await using var harness = await RouteHarness.StartAsync();

        await harness.Router.RouteAsync(Zero with { Ready = false }, RouteHarness.Term(Zero, 5), CancellationToken.None);

        var conditions = (await harness.SlicesAsync()).Single().Endpoints.Single().Conditions;
        (conditions.Ready, conditions.Serving, conditions.Terminating).Should().Be((false, false, false));
    }

    [Fact]
    public async Task A_missing_service_fails_the_request_with_a_clear_reason_unless_a_provisioner_can_create_it()
    {
        await using var harness = await RouteHarness.StartAsync(provision: false);

        var failed = await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);
        var provisioning = harness.CreateRouter("operator", new Routers.ServiceProvisioner(harness.Server.CreateClient("operator"), harness.Options));
        var applied = await provisioning.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);

        failed.Should().Be(new RouteResult(RouteOutcome.Failed, 0, "the master Service default/acid-minimal-cluster does not exist"));
        applied.Outcome.Should().Be(RouteOutcome.Applied);
        applied.Writes.Should().Be(3, "the master Service, the replica Service and the slice");
        (await harness.SlicesAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task An_API_failure_is_reported_and_the_route_is_written_once_the_API_recovers()
    {
        await using var harness = await RouteHarness.StartAsync();
        await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);
        await harness.RunAsync();
        await using var watch = await harness.WatchSlicesAsync();
        harness.Server.Faults.Add(new FaultRule { Client = RouteHarness.RouterClient, Verb = "update", StatusCode = 500, MaxCount = 2 });

        var failed = await harness.Router.RouteAsync(One, RouteHarness.Term(One, 6), CancellationToken.None);

        failed.Outcome.Should().Be(RouteOutcome.Failed);
        failed.Error.Should().BeOfType<k8s.Autorest.HttpOperationException>();
        var (_, repaired) = await watch.WaitForAsync((type, s) => s.Endpoints?.FirstOrDefault()?.Addresses[0] == "10.8.112.50");
        repaired.Metadata.Annotations[RouteMetadata.TermAnnotation].Should().Be("6/acid-minimal-cluster-1");
        harness.Server.Faults.InjectedCount.Should().Be(2, "the repair loop retried after a back-off until the API answered");
    }

    [Fact]
    public async Task Bad_requests_are_refused_before_anything_is_sent()
    {
        await using var harness = await RouteHarness.StartAsync();

        await FluentActions.Awaiting(() => harness.Router.RouteAsync(Zero, default, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => harness.Router.RouteAsync(Zero, new RouteTerm("x", -1), CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => harness.Router.RouteAsync(Zero with { PodName = "" }, RouteHarness.Term(Zero, 1), CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        harness.Requests().Should().Be(0);
    }

    [Fact]
    public void Invalid_options_are_refused_with_every_problem_named()
    {
        var options = new PrimaryRouterOptions { ClusterName = "Acid_Cluster", ManagedBy = RouteMetadata.MirroringControllerName, Ports = [], RequestTimeout = TimeSpan.Zero };

        var act = () => new PrimaryRouter(Substitute.For<IKubernetes>(), options);

        act.Should().Throw<ArgumentException>()
            .WithMessage("*ClusterName must be a DNS-1035 label*")
            .WithMessage("*ManagedBy may not be 'endpointslicemirroring-controller.k8s.io'*")
            .WithMessage("*Ports must name at least one port*")
            .WithMessage("*RequestTimeout must be positive*");
    }
}
