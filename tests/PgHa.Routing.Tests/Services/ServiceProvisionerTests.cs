using System.Net;
using k8s;
using k8s.Models;
using PgHa.Routing.Resources;
using PgHa.Routing.Routers;
using PgHa.Routing.Tests.Support;
using PgHa.Testing;
using PgHa.Testing.Tests.Support;

namespace PgHa.Routing.Tests.Services;

/// <summary>The Services: created as postgres-operator creates them, adopted when they exist, reported (not rewritten) when they are wrong.</summary>
public sealed class ServiceProvisionerTests
{
    private static readonly PrimaryRouterOptions Options = new() { ClusterName = RouteHarness.Cluster };

    [Fact]
    public async Task The_master_service_has_no_selector_and_the_replica_service_selects_replicas()
    {
        await using var server = await KubeApiServer.StartAsync();

        var result = await new ServiceProvisioner(server.Client, Options).EnsureServicesAsync(CancellationToken.None);

        result.Writes.Should().Be(2);
        result.Problems.Should().BeEmpty();
        var master = await server.Client.CoreV1.ReadNamespacedServiceAsync("acid-minimal-cluster", "default");
        master.Spec.Selector.Should().BeNullOrEmpty();
        master.Spec.Type.Should().Be("ClusterIP");
        master.Spec.ClusterIP.Should().NotBeNullOrEmpty();
        master.Spec.Ports.Should().ContainSingle().Which.Should().Match<V1ServicePort>(p => p.Name == "postgresql" && p.Port == 5432 && p.Protocol == "TCP" && p.TargetPort.Value == "5432");
        master.Metadata.Labels.Should().Equal(new Dictionary<string, string>
        {
            ["application"] = "spilo", ["cluster-name"] = "acid-minimal-cluster", ["team"] = "acid", ["spilo-role"] = "master",
        });
        var replica = await server.Client.CoreV1.ReadNamespacedServiceAsync("acid-minimal-cluster-repl", "default");
        replica.Spec.Selector.Should().Equal(new Dictionary<string, string>
        {
            ["application"] = "spilo", ["cluster-name"] = "acid-minimal-cluster", ["spilo-role"] = "replica",
        });
        replica.Metadata.Labels.Should().Contain("spilo-role", "replica");
    }

    [Fact]
    public async Task Ensuring_again_writes_nothing()
    {
        await using var server = await KubeApiServer.StartAsync();
        var provisioner = new ServiceProvisioner(server.CreateClient("operator"), Options);
        await provisioner.EnsureServicesAsync(CancellationToken.None);
        var writes = RouteHarness.WriteVerbs.Sum(v => server.RequestLog.Count("operator", v));

        var again = await provisioner.EnsureServicesAsync(CancellationToken.None);

        again.Writes.Should().Be(0);
        RouteHarness.WriteVerbs.Sum(v => server.RequestLog.Count("operator", v)).Should().Be(writes);
    }

    [Fact]
    public async Task An_existing_service_is_adopted_with_only_its_missing_labels_added()
    {
        await using var server = await KubeApiServer.StartAsync();
        await server.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "acid-minimal-cluster", Labels = new Dictionary<string, string> { ["team"] = "platform", ["example.com/tier"] = "db" } },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "pg", Port = 6432, TargetPort = 5432 }] },
        }, "default");

        var result = await new ServiceProvisioner(server.Client, new PrimaryRouterOptions { ClusterName = RouteHarness.Cluster, ProvisionReplicaService = false }).EnsureServicesAsync(CancellationToken.None);

        result.Writes.Should().Be(1);
        result.Replica.Should().BeNull();
        result.Master.Metadata.Labels.Should().Contain("team", "platform", "an existing label is theirs").And.Contain("example.com/tier", "db")
            .And.Contain("spilo-role", "master").And.Contain("cluster-name", "acid-minimal-cluster");
        result.Master.Spec.Ports.Should().ContainSingle().Which.Name.Should().Be("pg", "the spec is left as it was");
    }

    [Fact]
    public async Task A_master_service_with_a_selector_is_reported_and_left_alone()
    {
        await using var server = await KubeApiServer.StartAsync();
        await server.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "acid-minimal-cluster" },
            Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["spilo-role"] = "master" }, Ports = [new V1ServicePort { Name = "postgresql", Port = 5432 }] },
        }, "default");
        await server.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "acid-minimal-cluster-repl" },
            Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["role"] = "replica" }, Ports = [new V1ServicePort { Name = "postgresql", Port = 5432 }] },
        }, "default");

        var result = await new ServiceProvisioner(server.Client, Options).EnsureServicesAsync(CancellationToken.None);

        result.Problems.Should().HaveCount(2);
        result.Problems[0].Should().Contain("default/acid-minimal-cluster has a selector (spilo-role=master)");
        result.Problems[1].Should().Contain("default/acid-minimal-cluster-repl selects role=replica, not application=spilo, cluster-name=acid-minimal-cluster, spilo-role=replica");
        (await server.Client.CoreV1.ReadNamespacedServiceAsync("acid-minimal-cluster", "default")).Spec.Selector.Should().Contain("spilo-role", "master");
    }

    [Fact]
    public async Task The_replica_service_routes_to_the_replica_pods_through_the_endpointslice_controller()
    {
        await using var harness = await RouteHarness.StartAsync();
        await CreateMemberAsync(harness.Admin, 0, "master", "10.8.112.49");
        await CreateMemberAsync(harness.Admin, 1, "replica", "10.8.112.50");
        await CreateMemberAsync(harness.Admin, 2, "replica", "10.8.112.51");
        await harness.Router.RouteAsync(RouteHarness.Member(0, "10.8.112.49"), new RouteTerm("acid-minimal-cluster-0", 1), CancellationToken.None);
        await harness.Server.WaitForControllersAsync(TestTimeouts.Token());

        var replicas = (await harness.SlicesAsync("acid-minimal-cluster-repl")).Should().ContainSingle().Subject;
        replicas.Metadata.Labels.Should().Contain("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
        replicas.Endpoints.Select(e => e.Addresses.Single()).Should().BeEquivalentTo("10.8.112.50", "10.8.112.51");
        replicas.Endpoints.Should().OnlyContain(e => e.TargetRef.Kind == "Pod" && e.Conditions.Ready == true);
        replicas.Ports.Should().ContainSingle().Which.Name.Should().Be("postgresql");
        var master = (await harness.SlicesAsync()).Should().ContainSingle("the master Service has no selector: only the route leads to it").Subject;
        master.Endpoints.Single().Addresses.Should().Equal("10.8.112.49");
    }

    [Fact]
    public async Task Services_made_for_an_owner_go_with_it_and_their_route_with_them()
    {
        await using var server = await KubeApiServer.StartAsync();
        var owner = await server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cluster-owner" } }, "default");
        var options = new PrimaryRouterOptions
        {
            ClusterName = RouteHarness.Cluster,
            ServiceOwner = new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Name(), Uid = owner.Uid(), Controller = true, BlockOwnerDeletion = true },
        };
        await server.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "acid-minimal-cluster-repl" },
            Spec = new V1ServiceSpec { Selector = RouteObjects.ReplicaSelector(options), Ports = [new V1ServicePort { Name = "postgresql", Port = 5432 }] },
        }, "default");
        await new ServiceProvisioner(server.Client, options).EnsureServicesAsync(CancellationToken.None);
        using var router = new PrimaryRouter(server.Client, options);
        await router.RouteAsync(RouteHarness.Member(0, "10.8.112.49"), new RouteTerm("acid-minimal-cluster-0", 1), CancellationToken.None);
        (await server.Client.CoreV1.ReadNamespacedServiceAsync("acid-minimal-cluster-repl", "default")).Metadata.OwnerReferences
            .Should().ContainSingle("the adopted Service got the owner too").Which.Uid.Should().Be(owner.Uid());

        await server.Client.CoreV1.DeleteNamespacedConfigMapAsync(owner.Name(), "default");
        await server.WaitForControllersAsync(TestTimeouts.Token());

        (await server.Client.CoreV1.ListNamespacedServiceAsync("default")).Items.Should().NotContain(s => s.Name().StartsWith("acid-minimal-cluster", StringComparison.Ordinal));
        (await server.Client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default")).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task An_API_failure_throws_for_the_caller_to_retry()
    {
        await using var server = await KubeApiServer.StartAsync();
        server.Faults.Add(new PgHa.Testing.Faults.FaultRule { Verb = "create", Resource = "services", StatusCode = 503 });

        var act = () => new ServiceProvisioner(server.Client, Options).EnsureServicesAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<k8s.Autorest.HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    private static async Task CreateMemberAsync(IKubernetes client, int ordinal, string role, string ip)
    {
        var name = $"acid-minimal-cluster-{ordinal}";
        var pod = await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string> { ["application"] = "spilo", ["cluster-name"] = "acid-minimal-cluster", ["team"] = "acid", ["spilo-role"] = role },
            },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "postgres", Image = "spilo:3.0" }], NodeName = "node-" + ordinal },
        }, "default");
        pod.Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = ip,
            PodIPs = [new V1PodIP { Ip = ip }],
            Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }],
        };
        await client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, name, "default");
    }
}
