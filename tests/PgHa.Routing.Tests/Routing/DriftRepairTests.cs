using k8s;
using k8s.Models;
using PgHa.Routing.Resources;
using PgHa.Routing.Tests.Support;

namespace PgHa.Routing.Tests.Routing;

/// <summary>While the router runs, a route that drifts is put back with one write; when nothing changes, nothing is written.</summary>
public sealed class DriftRepairTests
{
    private static readonly PrimaryTarget Zero = RouteHarness.Member(0, "10.8.112.49");
    private static readonly PrimaryTarget One = RouteHarness.Member(1, "10.8.112.50");

    [Fact]
    public async Task A_deleted_slice_is_put_back_with_one_write()
    {
        await using var harness = await RouteHarness.StartAsync();
        var (slice, watch) = await harness.RoutedAndWatchedAsync(Zero, RouteHarness.Term(Zero, 5));
        await using var _ = watch;
        var requests = harness.Requests();

        await harness.Admin.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(slice.Name(), "default");

        (await watch.NextAsync()).Type.Should().Be(WatchEventType.Deleted);
        var (type, recreated) = await watch.NextAsync();
        type.Should().Be(WatchEventType.Added);
        recreated.Endpoints.Single().Addresses.Should().Equal("10.8.112.49");
        recreated.Metadata.Annotations[RouteMetadata.TermAnnotation].Should().Be("5/acid-minimal-cluster-0");
        harness.Requests().Should().Be(requests + 1, "the watch told the router; it needed no read, only the create");
    }

    [Fact]
    public async Task An_edited_slice_is_put_back_with_one_write()
    {
        await using var harness = await RouteHarness.StartAsync();
        var (slice, watch) = await harness.RoutedAndWatchedAsync(Zero, RouteHarness.Term(Zero, 5));
        await using var _ = watch;
        var requests = harness.Requests();

        slice.Endpoints[0].Addresses = ["10.8.112.99"];
        slice.Metadata.Labels.Remove("spilo-role");
        await harness.Admin.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(slice, slice.Name(), "default");

        (await watch.NextAsync()).Object.Endpoints.Single().Addresses.Should().Equal("10.8.112.99");
        var (type, repaired) = await watch.NextAsync();
        type.Should().Be(WatchEventType.Modified);
        repaired.Metadata.Name.Should().Be(slice.Name());
        repaired.Endpoints.Single().Addresses.Should().Equal("10.8.112.49");
        repaired.Metadata.Labels.Should().Contain("spilo-role", "master");
        harness.Requests().Should().Be(requests + 1);
    }

    [Fact]
    public async Task A_duplicate_slice_is_removed_with_one_write()
    {
        await using var harness = await RouteHarness.StartAsync();
        var (original, watch) = await harness.RoutedAndWatchedAsync(Zero, RouteHarness.Term(Zero, 5));
        await using var _ = watch;
        var requests = harness.Requests();

        var duplicate = KubernetesJson.Deserialize<V1EndpointSlice>(KubernetesJson.Serialize(original));
        duplicate.Metadata = new V1ObjectMeta
        {
            GenerateName = "acid-minimal-cluster-",
            Labels = original.Metadata.Labels,
            Annotations = original.Metadata.Annotations,
            OwnerReferences = original.Metadata.OwnerReferences,
        };
        duplicate.Endpoints[0].Addresses = ["10.8.112.50"];
        var created = await harness.Admin.DiscoveryV1.CreateNamespacedEndpointSliceAsync(duplicate, "default");

        (await watch.NextAsync()).Type.Should().Be(WatchEventType.Added);
        var (type, removed) = await watch.NextAsync();
        (type, removed.Metadata.Name).Should().Be((WatchEventType.Deleted, created.Name()));
        (await harness.SlicesAsync()).Should().ContainSingle().Which.Metadata.Name.Should().Be(original.Name());
        harness.Requests().Should().Be(requests + 1);
    }

    [Fact]
    public async Task A_deleted_master_service_is_provisioned_again_and_the_route_follows()
    {
        await using var harness = await RouteHarness.StartAsync();
        var router = harness.CreateRouter("operator", new Routers.ServiceProvisioner(harness.Server.CreateClient("operator"), harness.Options));
        await router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);
        await harness.RunAsync(router, "operator");
        await using var watch = await harness.WatchSlicesAsync();

        var old = await harness.Admin.CoreV1.DeleteNamespacedServiceAsync("acid-minimal-cluster", "default");

        // The garbage collector removes the slice with its owner; the router brings both back. (If the slice's deletion
        // reaches the router before the Service's, it first recreates the slice for the old Service, which the garbage
        // collector removes again: kube-proxy ignores a slice of a Service that does not exist.)
        var (_, slice) = await watch.WaitForAsync((type, s) => type == WatchEventType.Added && s.Metadata.OwnerReferences.Single().Uid != old.Uid());
        var service = await harness.Admin.CoreV1.ReadNamespacedServiceAsync("acid-minimal-cluster", "default");
        slice.Metadata.OwnerReferences.Single().Uid.Should().Be(service.Uid());
        slice.Endpoints.Single().Addresses.Should().Equal("10.8.112.49");
        service.Spec.Selector.Should().BeNullOrEmpty();
    }

    [Fact]
    public async Task A_route_taken_over_by_a_newer_term_is_left_to_it()
    {
        await using var harness = await RouteHarness.StartAsync();
        await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);
        await harness.RunAsync();
        await using var watch = await harness.WatchSlicesAsync();

        (await harness.CreateRouter("operator-b").RouteAsync(One, RouteHarness.Term(One, 6), CancellationToken.None)).Outcome.Should().Be(RouteOutcome.Applied);
        await watch.NextAsync();

        // The old router stopped claiming the route when it saw term 6: the next drift is not its to repair.
        var slice = (await harness.SlicesAsync()).Single();
        await harness.Admin.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(slice.Name(), "default");
        await watch.NextAsync();
        var sentinel = await harness.CreateRouter("operator-c").RouteAsync(One, RouteHarness.Term(One, 6), CancellationToken.None);
        sentinel.Should().Be(new RouteResult(RouteOutcome.Applied, 1), "the slice was still missing: the fenced router did not recreate it");
        harness.Writes().Should().Be(1, "only its own first route");
    }

    [Fact]
    public async Task A_late_request_of_an_older_term_does_not_stop_the_repair_of_the_current_route()
    {
        await using var harness = await RouteHarness.StartAsync();
        var (_, watch) = await harness.RoutedAndWatchedAsync(One, RouteHarness.Term(One, 6));
        await using var _ = watch;

        (await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None)).Outcome.Should().Be(RouteOutcome.Fenced);
        var slice = (await harness.SlicesAsync()).Single();
        await harness.Admin.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(slice.Name(), "default");

        await watch.NextAsync();
        var (type, recreated) = await watch.NextAsync();
        type.Should().Be(WatchEventType.Added);
        recreated.Endpoints.Single().Addresses.Should().Equal("10.8.112.50");
    }

    [Fact]
    public async Task A_router_fed_by_the_callers_own_watch_puts_a_deleted_slice_back_on_the_next_request()
    {
        await using var harness = await RouteHarness.StartAsync();
        await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);
        var slice = (await harness.SlicesAsync()).Single();
        await harness.Admin.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(slice.Name(), "default");

        var unaware = await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);
        harness.Router.Observe(WatchEventType.Deleted, slice).Should().BeTrue();
        harness.Router.Observe(WatchEventType.Deleted, slice).Should().BeFalse("it knows already");
        harness.Router.Observe(WatchEventType.Added, new V1EndpointSlice { Metadata = new V1ObjectMeta { Name = "x", NamespaceProperty = "default" } }).Should().BeFalse("not this route's");
        var repaired = await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);

        unaware.Should().Be(new RouteResult(RouteOutcome.Unchanged), "without a watch of its own the router plans from what it wrote");
        repaired.Should().Be(new RouteResult(RouteOutcome.Applied, 1));
        (await harness.SlicesAsync()).Should().ContainSingle().Which.Endpoints.Single().Addresses.Should().Equal("10.8.112.49");
    }

    [Fact]
    public async Task A_router_primed_from_the_callers_informers_reads_nothing_for_itself()
    {
        await using var harness = await RouteHarness.StartAsync();
        await harness.CreateRouter("earlier-operator").RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);
        var view = new List<IKubernetesObject<V1ObjectMeta>>();
        view.AddRange((await harness.Admin.CoreV1.ListNamespacedServiceAsync("default")).Items);
        view.AddRange((await harness.Admin.DiscoveryV1.ListNamespacedEndpointSliceAsync("default")).Items);
        view.Add(new V1EndpointSlice { Metadata = new V1ObjectMeta { Name = "elsewhere", NamespaceProperty = "other", Labels = new Dictionary<string, string> { [RouteMetadata.ServiceNameLabel] = RouteHarness.Cluster } } });

        harness.Router.Prime(view);
        var moved = await harness.Router.RouteAsync(One, RouteHarness.Term(One, 6), CancellationToken.None);
        var again = await harness.Router.RouteAsync(One, RouteHarness.Term(One, 6), CancellationToken.None);

        moved.Should().Be(new RouteResult(RouteOutcome.Applied, 1));
        again.Should().Be(new RouteResult(RouteOutcome.Unchanged));
        harness.Requests().Should().Be(1, "the switch is one update; the primed view needed no list");
        (await harness.SlicesAsync()).Should().ContainSingle().Which.Endpoints.Single().Addresses.Should().Equal("10.8.112.50");
    }

    [Fact]
    public async Task A_primed_router_creates_a_missing_slice_without_reading_first()
    {
        await using var harness = await RouteHarness.StartAsync();
        harness.Router.Prime((await harness.Admin.CoreV1.ListNamespacedServiceAsync("default")).Items);

        var created = await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);

        created.Should().Be(new RouteResult(RouteOutcome.Applied, 1));
        harness.Requests().Should().Be(1, "the caller's informers vouch that no slice exists: only the create");
        (await harness.SlicesAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task A_steady_route_costs_no_writes_through_watch_restarts_and_unrelated_changes()
    {
        await using var harness = await RouteHarness.StartAsync();
        await harness.Router.RouteAsync(Zero, RouteHarness.Term(Zero, 5), CancellationToken.None);
        await harness.RunAsync();
        var writes = harness.Writes();
        var lists = harness.Server.RequestLog.Count(RouteHarness.RouterClient, "list");

        // Watches end (as kube-apiserver ends them every few minutes): the router lists and watches again.
        var reopened = harness.WatchesOpened(RouteHarness.RouterClient, 2);
        harness.Server.Faults.CloseWatches(RouteHarness.RouterClient).Should().Be(2);
        await reopened;

        // A change that is not drift: the Service gets an annotation.
        var service = await harness.Admin.CoreV1.ReadNamespacedServiceAsync("acid-minimal-cluster", "default");
        service.Metadata.Annotations = new Dictionary<string, string> { ["example.com/note"] = "hello" };
        await harness.Admin.CoreV1.ReplaceNamespacedServiceAsync(service, "acid-minimal-cluster", "default");

        // A sentinel drift on the same watch stream, after the noise: its repair is the only write of the period.
        await using var watch = await harness.WatchSlicesAsync();
        var slice = (await harness.SlicesAsync()).Single();
        await harness.Admin.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(slice.Name(), "default");
        await watch.WaitForAsync((type, _) => type == WatchEventType.Added);

        harness.Server.RequestLog.Count(RouteHarness.RouterClient, "list").Should().Be(lists + 2, "each watch was re-listed once");
        harness.Writes().Should().Be(writes + 1, "nothing but the sentinel's repair was written");
    }
}
