using System.Net;
using k8s.Models;
using PgHa.Routing.Planning;
using PgHa.Routing.Resources;

namespace PgHa.Routing.Tests.Planning;

/// <summary>The Endpoints plan: the subsets hold the primary, and a Patroni lock on the same object fences the route too.</summary>
public sealed class EndpointsPlannerTests
{
    private static readonly PrimaryRouterOptions Options = new() { ClusterName = "acid-minimal-cluster", Mode = RoutingMode.Endpoints };
    private static readonly V1Service Service = new()
    {
        Metadata = new V1ObjectMeta { Name = "acid-minimal-cluster", NamespaceProperty = "default", Uid = "svc-uid" },
        Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "postgresql", Port = 5432, TargetPort = 5432 }] },
    };

    private static readonly PrimaryTarget Zero = new("acid-minimal-cluster-0", "default", IPAddress.Parse("10.8.112.49"));
    private static readonly PrimaryTarget One = new("acid-minimal-cluster-1", "default", IPAddress.Parse("10.8.112.50"));

    [Fact]
    public void The_primary_is_written_into_the_subsets_with_the_services_port_names()
    {
        var plan = EndpointsPlanner.Plan(Options, Service, Endpoints(Zero), One, new RouteTerm(One.PodName, 6));

        var endpoints = (V1Endpoints)plan.Steps.Should().ContainSingle().Subject.Object;
        var subset = endpoints.Subsets.Should().ContainSingle().Subject;
        subset.Addresses.Should().ContainSingle().Which.Ip.Should().Be("10.8.112.50");
        subset.Ports.Should().ContainSingle().Which.Name.Should().Be("postgresql");
        endpoints.Metadata.Annotations.Should().Contain("leader", "acid-minimal-cluster-0", "the lock's annotations are the lock holder's to write");
        endpoints.Metadata.ResourceVersion.Should().Be("42");
    }

    [Fact]
    public void A_lock_on_the_same_object_fences_a_router_lagging_behind_it()
    {
        var live = Endpoints(One);
        live.Metadata.Annotations["leader"] = "acid-minimal-cluster-1";
        live.Metadata.Annotations["transitions"] = "6";

        EndpointsPlanner.Plan(Options, Service, live, Zero, new RouteTerm(Zero.PodName, 5)).Kind.Should().Be(PlanKind.Fenced);
        EndpointsPlanner.Plan(Options, Service, live, One, new RouteTerm(One.PodName, 6)).Kind.Should().Be(PlanKind.Write, "only the term annotation is missing");
    }

    [Fact]
    public void A_released_lock_clears_the_route_and_refuses_its_former_holder()
    {
        var live = Endpoints(Zero);
        live.Metadata.Annotations["leader"] = string.Empty;
        live.Metadata.Annotations["transitions"] = "5";

        EndpointsPlanner.Plan(Options, Service, live, Zero, new RouteTerm(Zero.PodName, 5)).Kind.Should().Be(PlanKind.Fenced);
        var plan = EndpointsPlanner.Plan(Options, Service, live, null, new RouteTerm(string.Empty, 5));
        ((V1Endpoints)plan.Steps.Single().Object).Subsets.Should().BeEmpty();
    }

    [Fact]
    public void A_primary_that_is_not_ready_is_listed_as_not_ready()
    {
        var subsets = EndpointsRoute.Subsets(Zero with { Ready = false }, Options.Ports);

        subsets.Single().Addresses.Should().BeNull();
        subsets.Single().NotReadyAddresses.Should().ContainSingle().Which.Ip.Should().Be("10.8.112.49");
    }

    [Fact]
    public void A_member_contributes_its_route_only_while_it_is_the_holder()
    {
        var route = new EndpointsRoute(Zero, Options.Ports);

        route.SubsetsFor("acid-minimal-cluster-0").Should().ContainSingle();
        route.SubsetsFor("acid-minimal-cluster-1").Should().BeEmpty();
        route.SubsetsFor(null).Should().BeEmpty();
    }

    [Fact]
    public void The_route_as_asked_needs_no_write_even_when_the_server_reordered_the_ports()
    {
        var service = new V1Service
        {
            Metadata = Service.Metadata,
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "postgresql", Port = 5432 }, new V1ServicePort { Name = "patroni", Port = 8008 }] },
        };
        var live = Endpoints(Zero);
        live.Metadata.Annotations[RouteMetadata.TermAnnotation] = "5/acid-minimal-cluster-0";
        live.Subsets = EndpointsRoute.Subsets(Zero, [new RoutePort("patroni", 8008), new RoutePort("postgresql", 5432)]);

        EndpointsPlanner.Plan(Options, service, live, Zero, new RouteTerm(Zero.PodName, 5)).Kind.Should().Be(PlanKind.Converged);
        EndpointsPlanner.Plan(Options, Service, live, Zero, new RouteTerm(Zero.PodName, 5)).Kind.Should().Be(PlanKind.Write, "the Service has one port fewer");
    }

    private static V1Endpoints Endpoints(PrimaryTarget target) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "acid-minimal-cluster",
            NamespaceProperty = "default",
            ResourceVersion = "42",
            Labels = RouteObjects.MasterLabels(Options),
            Annotations = new Dictionary<string, string> { ["leader"] = target.PodName, ["transitions"] = "5", ["ttl"] = "30" },
        },
        Subsets = EndpointsRoute.Subsets(target, Options.Ports),
    };
}
