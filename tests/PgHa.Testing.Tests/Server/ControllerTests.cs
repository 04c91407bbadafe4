using k8s;
using k8s.Models;
using PgHa.Testing.Tests.Support;

namespace PgHa.Testing.Tests.Server;

/// <summary>The EndpointSlice mirroring and EndpointSlice controllers produce the slices a real cluster would.</summary>
public sealed class ControllerTests : IAsyncLifetime
{
    private KubeApiServer _server = null!;

    private IKubernetes Client => _server.Client;

    public async Task InitializeAsync() => _server = await KubeApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Endpoints_of_a_selector_less_Service_are_mirrored_into_the_seeds_slice()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(SeedObjects.MasterService(), "default");
        var endpoints = await Client.CoreV1.CreateNamespacedEndpointsAsync(SeedObjects.PatroniEndpoints("10.8.112.49"), "default");
        await _server.WaitForControllersAsync(TestTimeouts.Token());

        var slice = (await Client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default", labelSelector: "kubernetes.io/service-name=acid-minimal-cluster")).Items.Should().ContainSingle().Subject;

        slice.Metadata.Name.Should().StartWith("acid-minimal-cluster-");
        slice.Metadata.Labels.Should().Contain("endpointslice.kubernetes.io/managed-by", "endpointslicemirroring-controller.k8s.io")
            .And.Contain("kubernetes.io/service-name", "acid-minimal-cluster")
            .And.Contain("application", "spilo").And.Contain("cluster-name", "acid-minimal-cluster")
            .And.Contain("spilo-role", "master").And.Contain("team", "acid");
        var owner = slice.Metadata.OwnerReferences.Should().ContainSingle().Subject;
        owner.Kind.Should().Be("Endpoints");
        owner.Name.Should().Be("acid-minimal-cluster");
        owner.Uid.Should().Be(endpoints.Metadata.Uid);
        owner.Controller.Should().BeTrue();
        slice.AddressType.Should().Be("IPv4");
        slice.Endpoints.Should().ContainSingle().Which.Addresses.Should().Equal("10.8.112.49");
        slice.Endpoints[0].Conditions.Ready.Should().BeTrue();
        slice.Endpoints[0].TargetRef.Name.Should().Be("acid-minimal-cluster-0");
        slice.Ports.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Name = "postgresql", Port = 5432, Protocol = "TCP" });
        slice.Metadata.Annotations.Should().Contain("leader", "acid-minimal-cluster-0", "kube mirrors the Endpoints' annotations");
    }

    [Fact]
    public async Task On_failover_the_mirrored_slice_follows_the_new_primary_in_place()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(SeedObjects.MasterService(), "default");
        await Client.CoreV1.CreateNamespacedEndpointsAsync(SeedObjects.PatroniEndpoints("10.8.112.49"), "default");
        await _server.WaitForControllersAsync(TestTimeouts.Token());
        var before = (await Client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default")).Items.Single();
        await using var watch = new WatchRecorder<V1EndpointSlice>((onError, ct) =>
            Client.DiscoveryV1.WatchListNamespacedEndpointSliceAsync("default", resourceVersion: before.Metadata.ResourceVersion, onError: onError, cancellationToken: ct));

        const string Failover = """
            {"metadata":{"annotations":{"leader":"acid-minimal-cluster-1","transitions":"6"}},
             "subsets":[{"addresses":[{"ip":"10.8.112.50","targetRef":{"kind":"Pod","name":"acid-minimal-cluster-1","namespace":"default"}}],
                         "ports":[{"name":"postgresql","port":5432,"protocol":"TCP"}]}]}
            """;
        await Client.CoreV1.PatchNamespacedEndpointsAsync(new V1Patch(Failover, V1Patch.PatchType.StrategicMergePatch), SeedObjects.Cluster, "default");

        var moved = await watch.WaitForAsync((type, s) => type == WatchEventType.Modified && s.Endpoints.Any(e => e.Addresses.Contains("10.8.112.50")));
        moved.Object.Metadata.Name.Should().Be(before.Metadata.Name, "the slice is updated in place, not replaced");
        moved.Object.Endpoints.Should().ContainSingle();
        moved.Object.Metadata.Annotations["transitions"].Should().Be("6");
    }

    [Fact]
    public async Task Deleting_the_Endpoints_garbage_collects_the_mirrored_slice()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(SeedObjects.MasterService(), "default");
        await Client.CoreV1.CreateNamespacedEndpointsAsync(SeedObjects.PatroniEndpoints("10.8.112.49"), "default");
        await _server.WaitForControllersAsync(TestTimeouts.Token());

        await Client.CoreV1.DeleteNamespacedEndpointsAsync(SeedObjects.Cluster, "default");
        await _server.WaitForControllersAsync(TestTimeouts.Token());

        (await Client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default")).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task Endpoints_are_not_mirrored_for_a_Service_with_a_selector_or_with_skip_mirror()
    {
        var service = SeedObjects.MasterService("with-selector");
        service.Spec.Selector = new Dictionary<string, string> { ["spilo-role"] = "master" };
        await Client.CoreV1.CreateNamespacedServiceAsync(service, "default");
        await Client.CoreV1.CreateNamespacedEndpointsAsync(SeedObjects.PatroniEndpoints("10.8.112.49", name: "with-selector"), "default");
        await Client.CoreV1.CreateNamespacedServiceAsync(SeedObjects.MasterService("skipped"), "default");
        var skipped = SeedObjects.PatroniEndpoints("10.8.112.49", name: "skipped");
        skipped.Metadata.Labels["endpointslice.kubernetes.io/skip-mirror"] = "true";
        await Client.CoreV1.CreateNamespacedEndpointsAsync(skipped, "default");
        await _server.WaitForControllersAsync(TestTimeouts.Token());

        var slices = (await Client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default")).Items;
        slices.Should().NotContain(s => s.Metadata.Labels["endpointslice.kubernetes.io/managed-by"] == "endpointslicemirroring-controller.k8s.io");
    }

    [Fact]
    public async Task A_Service_with_a_selector_gets_slices_of_its_ready_pods()
    {
        var replicas = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "acid-minimal-cluster-repl", Labels = SeedObjects.Labels("replica") },
            Spec = new V1ServiceSpec
            {
                Selector = new Dictionary<string, string> { ["cluster-name"] = SeedObjects.Cluster, ["spilo-role"] = "replica" },
                Ports = [new V1ServicePort { Name = "postgresql", Port = 5432, TargetPort = 5432 }],
            },
        };
        await Client.CoreV1.CreateNamespacedServiceAsync(replicas, "default");
        await _server.WaitForControllersAsync(TestTimeouts.Token());
        var placeholder = (await Client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default")).Items.Should().ContainSingle().Subject;
        placeholder.Endpoints.Should().BeNullOrEmpty("a selector matching no pods leaves an empty placeholder slice");

        await CreateRunningPodAsync("acid-minimal-cluster-1", "replica", "10.8.112.50", ready: true);
        await CreateRunningPodAsync("acid-minimal-cluster-2", "replica", "10.8.112.51", ready: false);
        await CreateRunningPodAsync("acid-minimal-cluster-0", "master", "10.8.112.49", ready: true);
        await _server.WaitForControllersAsync(TestTimeouts.Token());

        var slice = (await Client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default")).Items.Should().ContainSingle().Subject;
        slice.Metadata.Labels.Should().Contain("endpointslice.kubernetes.io/managed-by", "endpointslice-controller.k8s.io");
        slice.Metadata.OwnerReferences.Should().ContainSingle().Which.Kind.Should().Be("Service");
        slice.Endpoints.Select(e => (e.Addresses[0], e.Conditions.Ready)).Should().BeEquivalentTo(new[] { ("10.8.112.50", (bool?)true), ("10.8.112.51", (bool?)false) });
        slice.Endpoints.Should().OnlyContain(e => e.TargetRef.Kind == "Pod");
    }

    private async Task CreateRunningPodAsync(string name, string role, string ip, bool ready)
    {
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = SeedObjects.Labels(role) },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "postgres", Image = "spilo:3.0" }], NodeName = "node-a" },
        }, "default");
        pod.Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = ip,
            PodIPs = [new V1PodIP { Ip = ip }],
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
        };
        await Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, name, "default");
    }
}
