using System.Net;
using k8s.Models;
using PgHa.Routing.Planning;
using PgHa.Routing.Resources;

namespace PgHa.Routing.Tests.Planning;

/// <summary>The slice plan, from live objects alone: what is written, in which order, and when nothing is.</summary>
public sealed class SlicePlannerTests
{
    private static readonly PrimaryRouterOptions Options = new() { ClusterName = "acid-minimal-cluster" };
    private static readonly V1Service Service = new()
    {
        Metadata = new V1ObjectMeta { Name = "acid-minimal-cluster", NamespaceProperty = "default", Uid = "svc-uid" },
        Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "postgresql", Port = 5432, TargetPort = 5432, Protocol = "TCP" }] },
    };

    private static readonly PrimaryTarget Zero = new("acid-minimal-cluster-0", "default", IPAddress.Parse("10.8.112.49"), "node-a");
    private static readonly PrimaryTarget One = new("acid-minimal-cluster-1", "default", IPAddress.Parse("10.8.112.50"), "node-b");
    private static readonly PrimaryTarget OneV6 = new("acid-minimal-cluster-1", "default", IPAddress.Parse("fd00::50"), "node-b");

    [Fact]
    public void Without_a_slice_the_route_is_created_with_the_seeds_shape()
    {
        var plan = SlicePlanner.Plan(Options, Service, [], Zero, new RouteTerm(Zero.PodName, 5));

        plan.Kind.Should().Be(PlanKind.Write);
        var step = plan.Steps.Should().ContainSingle().Subject;
        step.Kind.Should().Be(StepKind.Create);
        var slice = (V1EndpointSlice)step.Object;
        slice.Metadata.GenerateName.Should().Be("acid-minimal-cluster-");
        slice.Metadata.Labels.Should().Equal(new Dictionary<string, string>
        {
            ["application"] = "spilo",
            ["cluster-name"] = "acid-minimal-cluster",
            ["team"] = "acid",
            ["spilo-role"] = "master",
            [RouteMetadata.ServiceNameLabel] = "acid-minimal-cluster",
            [RouteMetadata.ManagedByLabel] = "primary-router.pgha.io",
        });
        slice.Metadata.OwnerReferences.Should().ContainSingle().Which.Should().BeEquivalentTo(new V1OwnerReference
        {
            ApiVersion = "v1", Kind = "Service", Name = "acid-minimal-cluster", Uid = "svc-uid", Controller = true, BlockOwnerDeletion = true,
        });
        slice.AddressType.Should().Be("IPv4");
        slice.Ports.Should().ContainSingle().Which.Should().BeEquivalentTo(new Discoveryv1EndpointPort { Name = "postgresql", Port = 5432, Protocol = "TCP" });
        var endpoint = slice.Endpoints.Should().ContainSingle().Subject;
        endpoint.Addresses.Should().Equal("10.8.112.49");
        endpoint.Conditions.Should().BeEquivalentTo(new V1EndpointConditions { Ready = true, Serving = true, Terminating = false });
        endpoint.TargetRef.Should().BeEquivalentTo(new V1ObjectReference { Kind = "Pod", Name = "acid-minimal-cluster-0", NamespaceProperty = "default" });
        endpoint.NodeName.Should().Be("node-a");
        slice.Metadata.Annotations[RouteMetadata.TermAnnotation].Should().Be("5/acid-minimal-cluster-0");
    }

    [Fact]
    public void The_route_as_asked_needs_no_write()
    {
        var live = Live("acid-minimal-cluster-abcde", Zero, new RouteTerm(Zero.PodName, 5));

        var plan = SlicePlanner.Plan(Options, Service, [live], Zero, new RouteTerm(Zero.PodName, 5));

        plan.Kind.Should().Be(PlanKind.Converged);
        plan.Steps.Should().BeEmpty();
    }

    [Fact]
    public void A_leader_change_replaces_the_slice_in_place_in_one_write_guarded_by_its_version()
    {
        var live = Live("acid-minimal-cluster-abcde", Zero, new RouteTerm(Zero.PodName, 5));

        var plan = SlicePlanner.Plan(Options, Service, [live], One, new RouteTerm(One.PodName, 6));

        var step = plan.Steps.Should().ContainSingle().Subject;
        step.Kind.Should().Be(StepKind.Replace);
        var slice = (V1EndpointSlice)step.Object;
        slice.Metadata.Name.Should().Be("acid-minimal-cluster-abcde");
        slice.Metadata.ResourceVersion.Should().Be(live.Metadata.ResourceVersion);
        slice.Endpoints.Should().ContainSingle().Which.Addresses.Should().Equal("10.8.112.50");
        slice.Metadata.Annotations[RouteMetadata.TermAnnotation].Should().Be("6/acid-minimal-cluster-1");
        plan.MovesRoute.Should().BeTrue();
    }

    [Fact]
    public void A_replace_keeps_what_others_put_on_the_slice()
    {
        var live = Live("acid-minimal-cluster-abcde", Zero, new RouteTerm(Zero.PodName, 5));
        live.Metadata.Labels["example.com/owner"] = "dba";
        live.Metadata.Finalizers = ["example.com/keep"];

        var slice = (V1EndpointSlice)SlicePlanner.Plan(Options, Service, [live], One, new RouteTerm(One.PodName, 6)).Steps.Single().Object;

        slice.Metadata.Labels.Should().Contain("example.com/owner", "dba");
        slice.Metadata.Finalizers.Should().Equal("example.com/keep");
    }

    [Fact]
    public void A_new_term_for_the_same_primary_rewrites_only_the_term()
    {
        var live = Live("acid-minimal-cluster-abcde", Zero, new RouteTerm(Zero.PodName, 5));

        var plan = SlicePlanner.Plan(Options, Service, [live], Zero, new RouteTerm(Zero.PodName, 7));

        plan.Steps.Should().ContainSingle().Which.Reason.Should().Be("slice acid-minimal-cluster-abcde differs in term");
        plan.MovesRoute.Should().BeFalse();
    }

    [Fact]
    public void A_new_address_family_is_created_before_the_old_slice_is_deleted()
    {
        var live = Live("acid-minimal-cluster-abcde", Zero, new RouteTerm(Zero.PodName, 5));

        var plan = SlicePlanner.Plan(Options, Service, [live], OneV6, new RouteTerm(OneV6.PodName, 6));

        plan.Steps.Select(s => s.Kind).Should().Equal(StepKind.Create, StepKind.Delete);
        ((V1EndpointSlice)plan.Steps[0].Object).AddressType.Should().Be("IPv6");
        ((V1EndpointSlice)plan.Steps[0].Object).Endpoints.Single().Addresses.Should().Equal("fd00::50");
        plan.Steps[1].Object.Should().BeSameAs(live);
    }

    [Fact]
    public void Duplicates_are_deleted_and_the_slice_that_already_matches_is_kept()
    {
        var stale = Live("acid-minimal-cluster-aaaaa", Zero, new RouteTerm(Zero.PodName, 5), created: new DateTime(2024, 1, 1));
        var current = Live("acid-minimal-cluster-bbbbb", One, new RouteTerm(One.PodName, 6), created: new DateTime(2024, 1, 2));

        var plan = SlicePlanner.Plan(Options, Service, [stale, current], One, new RouteTerm(One.PodName, 6));

        var step = plan.Steps.Should().ContainSingle().Subject;
        step.Kind.Should().Be(StepKind.Delete);
        step.Object.Should().BeSameAs(stale);
        step.Reason.Should().Be("duplicate slice acid-minimal-cluster-aaaaa");
    }

    [Fact]
    public void A_route_of_a_newer_term_is_not_replaced()
    {
        var live = Live("acid-minimal-cluster-abcde", One, new RouteTerm(One.PodName, 6));

        var plan = SlicePlanner.Plan(Options, Service, [live], Zero, new RouteTerm(Zero.PodName, 5));

        plan.Kind.Should().Be(PlanKind.Fenced);
        plan.Steps.Should().BeEmpty();
        plan.Detail.Should().Contain("term 6").And.Contain("acid-minimal-cluster-1");
    }

    [Fact]
    public void A_stale_duplicate_with_a_newer_term_fences_the_whole_route()
    {
        var ours = Live("acid-minimal-cluster-aaaaa", Zero, new RouteTerm(Zero.PodName, 5));
        var theirs = Live("acid-minimal-cluster-bbbbb", One, new RouteTerm(One.PodName, 6));

        SlicePlanner.Plan(Options, Service, [ours, theirs], Zero, new RouteTerm(Zero.PodName, 5)).Kind.Should().Be(PlanKind.Fenced);
    }

    [Fact]
    public void No_leader_leaves_one_slice_without_endpoints()
    {
        var live = Live("acid-minimal-cluster-abcde", Zero, new RouteTerm(Zero.PodName, 5));

        var plan = SlicePlanner.Plan(Options, Service, [live], null, new RouteTerm(string.Empty, 5));

        var slice = (V1EndpointSlice)plan.Steps.Should().ContainSingle().Subject.Object;
        slice.Endpoints.Should().BeEmpty();
        slice.AddressType.Should().Be("IPv4");
        slice.Metadata.Annotations[RouteMetadata.TermAnnotation].Should().Be("5/");
    }

    [Fact]
    public void Slices_of_other_controllers_are_reported_not_touched()
    {
        var mirrored = Live("acid-minimal-cluster-mirror", Zero, new RouteTerm(Zero.PodName, 5));
        mirrored.Metadata.Labels[RouteMetadata.ManagedByLabel] = RouteMetadata.MirroringControllerName;
        mirrored.Metadata.Annotations.Clear();

        var plan = SlicePlanner.Plan(Options, Service, [mirrored], One, new RouteTerm(One.PodName, 6));

        plan.Foreign.Should().Equal("acid-minimal-cluster-mirror (managed by endpointslicemirroring-controller.k8s.io)");
        plan.Steps.Should().ContainSingle().Which.Kind.Should().Be(StepKind.Create);
    }

    [Fact]
    public void A_slice_of_ours_whose_managed_by_label_was_edited_is_still_ours_and_put_right()
    {
        var live = Live("acid-minimal-cluster-abcde", Zero, new RouteTerm(Zero.PodName, 5));
        live.Metadata.Labels[RouteMetadata.ManagedByLabel] = "someone-else";

        var plan = SlicePlanner.Plan(Options, Service, [live], Zero, new RouteTerm(Zero.PodName, 5));

        plan.Steps.Should().ContainSingle().Which.Reason.Should().Be("slice acid-minimal-cluster-abcde differs in labels");
    }

    [Theory]
    [InlineData("endpoints")]
    [InlineData("ports")]
    [InlineData("owner")]
    [InlineData("conditions")]
    public void An_edited_slice_is_put_back(string edit)
    {
        var live = Live("acid-minimal-cluster-abcde", Zero, new RouteTerm(Zero.PodName, 5));
        switch (edit)
        {
            case "endpoints":
                live.Endpoints.Add(RouteObjects.Endpoint(One));
                break;
            case "ports":
                live.Ports[0].Port = 6432;
                break;
            case "owner":
                live.Metadata.OwnerReferences = null;
                break;
            default:
                live.Endpoints[0].Conditions.Ready = false;
                break;
        }

        var plan = SlicePlanner.Plan(Options, Service, [live], Zero, new RouteTerm(Zero.PodName, 5));

        plan.Kind.Should().Be(PlanKind.Write);
        var fixedSlice = (V1EndpointSlice)plan.Steps.Should().ContainSingle().Subject.Object;
        SlicePlanner.Differences(fixedSlice, RouteObjects.Slice(Options, Service, RouteObjects.Ports(Service, Options), Zero, new RouteTerm(Zero.PodName, 5), "IPv4"))
            .Should().BeEmpty();
    }

    [Fact]
    public void The_slice_ports_carry_the_services_names_and_target_ports()
    {
        var service = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "acid-minimal-cluster", NamespaceProperty = "default", Uid = "u" },
            Spec = new V1ServiceSpec
            {
                Ports =
                [
                    new V1ServicePort { Name = "postgresql", Port = 5432, TargetPort = 6432 },
                    new V1ServicePort { Name = "metrics", Port = 9187, TargetPort = "metrics" },
                ],
            },
        };

        var slice = (V1EndpointSlice)SlicePlanner.Plan(Options, service, [], Zero, new RouteTerm(Zero.PodName, 1)).Steps.Single().Object;

        slice.Ports.Select(p => (p.Name, p.Port, p.Protocol)).Should().Equal(("postgresql", 6432, "TCP"), ("metrics", 9187, "TCP"));
    }

    [Fact]
    public void Without_the_service_there_is_nothing_to_route()
    {
        var plan = SlicePlanner.Plan(Options, null, [], Zero, new RouteTerm(Zero.PodName, 1));

        plan.Kind.Should().Be(PlanKind.ServiceMissing);
        plan.Detail.Should().Be("the master Service default/acid-minimal-cluster does not exist");
    }

    private static V1EndpointSlice Live(string name, PrimaryTarget target, RouteTerm term, DateTime? created = null)
    {
        var slice = RouteObjects.Slice(Options, Service, RouteObjects.Ports(Service, Options), target, term, target.AddressType);
        slice.Metadata.Name = name;
        slice.Metadata.GenerateName = null;
        slice.Metadata.ResourceVersion = "42";
        slice.Metadata.Uid = name + "-uid";
        slice.Metadata.CreationTimestamp = created ?? new DateTime(2024, 1, 1);
        return slice;
    }
}
