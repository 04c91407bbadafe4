using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PgHa.Testing.Tests.Support;

namespace PgHa.Testing.Tests.Server;

/// <summary>create / get / list / update / patch / delete through the real KubernetesClient, with kube's semantics and errors.</summary>
public sealed class CrudTests : IAsyncLifetime
{
    private KubeApiServer _server = null!;

    private IKubernetes Client => _server.Client;

    public async Task InitializeAsync() => _server = await KubeApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Create_sets_server_fields_and_get_returns_the_stored_object()
    {
        var created = await Client.CoreV1.CreateNamespacedServiceAsync(SeedObjects.MasterService(), "default");

        created.Metadata.Uid.Should().NotBeNullOrEmpty();
        created.Metadata.ResourceVersion.Should().MatchRegex("^[0-9]+$");
        created.Metadata.CreationTimestamp.Should().NotBeNull();
        created.Spec.Selector.Should().BeNull("the master Service has no selector");
        created.Spec.ClusterIP.Should().StartWith("10.");
        created.Spec.ClusterIPs.Should().Equal(created.Spec.ClusterIP);
        created.Spec.SessionAffinity.Should().Be("None");
        created.Spec.IpFamilies.Should().Equal("IPv4");
        created.Spec.IpFamilyPolicy.Should().Be("SingleStack");

        var read = await Client.CoreV1.ReadNamespacedServiceAsync(SeedObjects.Cluster, "default");
        read.Metadata.Uid.Should().Be(created.Metadata.Uid);
        read.Metadata.ResourceVersion.Should().Be(created.Metadata.ResourceVersion);
        read.Metadata.Labels.Should().Contain("spilo-role", "master");
    }

    [Fact]
    public async Task ResourceVersions_are_cluster_wide_integers_that_only_grow()
    {
        var a = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");
        var b = await Client.CoreV1.CreateNamespacedEndpointsAsync(SeedObjects.PatroniEndpoints("10.8.112.49"), "default");
        var c = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"k\":\"v\"}}", V1Patch.PatchType.MergePatch), "a", "default");

        long.Parse(b.Metadata.ResourceVersion).Should().BeGreaterThan(long.Parse(a.Metadata.ResourceVersion));
        long.Parse(c.Metadata.ResourceVersion).Should().BeGreaterThan(long.Parse(b.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Create_of_an_existing_name_is_409_AlreadyExists()
    {
        await Client.CoreV1.CreateNamespacedEndpointsAsync(SeedObjects.PatroniEndpoints("10.8.112.49"), "default");

        var act = () => Client.CoreV1.CreateNamespacedEndpointsAsync(SeedObjects.PatroniEndpoints("10.8.112.50"), "default");

        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        error.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        error.Response.Content.Should().Contain("\"reason\":\"AlreadyExists\"").And.Contain("endpoints \\\"acid-minimal-cluster\\\" already exists");
    }

    [Fact]
    public async Task GenerateName_gets_a_kube_style_suffix()
    {
        var slice = new V1EndpointSlice
        {
            Metadata = new V1ObjectMeta { GenerateName = "acid-minimal-cluster-" },
            AddressType = "IPv4",
            Endpoints = [new V1Endpoint { Addresses = ["10.8.112.49"] }],
        };

        var created = await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, "default");

        created.Metadata.Name.Should().MatchRegex("^acid-minimal-cluster-[bcdfghjklmnpqrstvwxz2456789]{5}$");
    }

    [Fact]
    public async Task Update_with_a_stale_resourceVersion_is_409_Conflict_and_changes_nothing()
    {
        var created = await Client.CoreV1.CreateNamespacedEndpointsAsync(SeedObjects.PatroniEndpoints("10.8.112.49"), "default");
        var first = await Client.CoreV1.ReadNamespacedEndpointsAsync(SeedObjects.Cluster, "default");
        first.Metadata.Annotations["leader"] = "acid-minimal-cluster-1";
        await Client.CoreV1.ReplaceNamespacedEndpointsAsync(first, SeedObjects.Cluster, "default");

        var stale = created;
        stale.Metadata.Annotations["leader"] = "acid-minimal-cluster-2";
        var act = () => Client.CoreV1.ReplaceNamespacedEndpointsAsync(stale, SeedObjects.Cluster, "default");

        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        error.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        error.Response.Content.Should().Contain("\"reason\":\"Conflict\"").And.Contain("the object has been modified");
        var now = await Client.CoreV1.ReadNamespacedEndpointsAsync(SeedObjects.Cluster, "default");
        now.Metadata.Annotations["leader"].Should().Be("acid-minimal-cluster-1");
    }

    [Fact]
    public async Task An_update_that_changes_nothing_writes_nothing()
    {
        var created = await Client.CoreV1.CreateNamespacedServiceAsync(SeedObjects.MasterService(), "default");

        var again = await Client.CoreV1.ReplaceNamespacedServiceAsync(created, SeedObjects.Cluster, "default");
        var patched = await Client.CoreV1.PatchNamespacedServiceAsync(new V1Patch("{\"metadata\":{\"labels\":{\"team\":\"acid\"}}}", V1Patch.PatchType.MergePatch), SeedObjects.Cluster, "default");

        again.Metadata.ResourceVersion.Should().Be(created.Metadata.ResourceVersion);
        patched.Metadata.ResourceVersion.Should().Be(created.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Patch_carrying_a_resourceVersion_is_a_compare_and_swap()
    {
        var created = await Client.CoreV1.CreateNamespacedEndpointsAsync(SeedObjects.PatroniEndpoints("10.8.112.49"), "default");
        var rv = created.Metadata.ResourceVersion;
        var win = $"{{\"metadata\":{{\"resourceVersion\":\"{rv}\",\"annotations\":{{\"leader\":\"acid-minimal-cluster-1\"}}}}}}";
        var lose = $"{{\"metadata\":{{\"resourceVersion\":\"{rv}\",\"annotations\":{{\"leader\":\"acid-minimal-cluster-2\"}}}}}}";

        var won = await Client.CoreV1.PatchNamespacedEndpointsAsync(new V1Patch(win, V1Patch.PatchType.StrategicMergePatch), SeedObjects.Cluster, "default");
        var act = () => Client.CoreV1.PatchNamespacedEndpointsAsync(new V1Patch(lose, V1Patch.PatchType.StrategicMergePatch), SeedObjects.Cluster, "default");

        won.Metadata.Annotations["leader"].Should().Be("acid-minimal-cluster-1");
        (await act.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Strategic_merge_null_deletes_an_annotation_and_keeps_the_others()
    {
        await Client.CoreV1.CreateNamespacedEndpointsAsync(SeedObjects.PatroniEndpoints("10.8.112.49"), "default");

        var patched = await Client.CoreV1.PatchNamespacedEndpointsAsync(
            new V1Patch("{\"metadata\":{\"annotations\":{\"leader\":null,\"slots\":\"{}\"}},\"subsets\":[]}", V1Patch.PatchType.StrategicMergePatch),
            SeedObjects.Cluster, "default");

        patched.Metadata.Annotations.Should().NotContainKey("leader");
        patched.Metadata.Annotations.Should().Contain("slots", "{}").And.Contain("optime", "1090519312");
        patched.Subsets.Should().BeNullOrEmpty();
    }

    [Fact]
    public async Task Json_patch_test_operation_guards_the_write()
    {
        await Client.CoreV1.CreateNamespacedEndpointsAsync(SeedObjects.PatroniEndpoints("10.8.112.49"), "default");
        const string Patch = """[{"op":"test","path":"/metadata/annotations/leader","value":"someone-else"},{"op":"replace","path":"/metadata/annotations/leader","value":"me"}]""";

        var act = () => Client.CoreV1.PatchNamespacedEndpointsAsync(new V1Patch(Patch, V1Patch.PatchType.JsonPatch), SeedObjects.Cluster, "default");

        (await act.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await Client.CoreV1.ReadNamespacedEndpointsAsync(SeedObjects.Cluster, "default")).Metadata.Annotations["leader"].Should().Be("acid-minimal-cluster-0");
    }

    [Fact]
    public async Task Service_ports_merge_by_port_in_a_strategic_patch()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(SeedObjects.MasterService(), "default");

        var patched = await Client.CoreV1.PatchNamespacedServiceAsync(
            new V1Patch("{\"spec\":{\"ports\":[{\"port\":8008,\"name\":\"patroni\"}]}}", V1Patch.PatchType.StrategicMergePatch),
            SeedObjects.Cluster, "default");

        patched.Spec.Ports.Select(p => (p.Name, p.Port)).Should().BeEquivalentTo(new[] { ("patroni", 8008), ("postgresql", 5432) });
    }

    [Fact]
    public async Task List_filters_by_label_and_field_selectors_and_reports_the_list_resourceVersion()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "m", Labels = SeedObjects.Labels("master") } }, "default");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "r", Labels = SeedObjects.Labels("replica") } }, "default");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "x" } }, "default");

        var masters = await Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "application=spilo,spilo-role in (master)");
        var notMaster = await Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "spilo-role!=master");
        var withoutRole = await Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "!spilo-role");
        var byName = await Client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: "metadata.name=r");

        masters.Items.Select(i => i.Metadata.Name).Should().Equal("m");
        notMaster.Items.Select(i => i.Metadata.Name).Should().Equal("r", "x");
        withoutRole.Items.Select(i => i.Metadata.Name).Should().Equal("x");
        byName.Items.Select(i => i.Metadata.Name).Should().Equal("r");
        long.Parse(masters.Metadata.ResourceVersion).Should().BeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task A_bad_selector_is_400_with_kubes_message()
    {
        var act = () => Client.CoreV1.ListNamespacedConfigMapAsync("default", labelSelector: "a in (b");

        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        error.Response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        error.Response.Content.Should().Contain("unable to parse requirement");
    }

    [Fact]
    public async Task Lists_page_with_limit_and_continue_over_one_consistent_snapshot()
    {
        for (var i = 0; i < 5; i++)
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm-" + i } }, "default");
        }

        var first = await Client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm-9" } }, "default");
        var second = await Client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, continueParameter: first.Metadata.ContinueProperty);
        var third = await Client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, continueParameter: second.Metadata.ContinueProperty);

        first.Items.Select(i => i.Metadata.Name).Should().Equal("cm-0", "cm-1");
        first.Metadata.RemainingItemCount.Should().Be(3);
        second.Items.Select(i => i.Metadata.Name).Should().Equal("cm-2", "cm-3");
        third.Items.Select(i => i.Metadata.Name).Should().Equal("cm-4");
        third.Metadata.ContinueProperty.Should().BeNull();
        second.Metadata.ResourceVersion.Should().Be(first.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Missing_objects_namespaces_and_resources_are_404s()
    {
        var missingObject = () => Client.CoreV1.ReadNamespacedEndpointsAsync("nope", "default");
        var missingNamespace = () => Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "nowhere");

        var a = (await missingObject.Should().ThrowAsync<HttpOperationException>()).Which;
        a.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        a.Response.Content.Should().Contain("endpoints \\\"nope\\\" not found");
        var b = (await missingNamespace.Should().ThrowAsync<HttpOperationException>()).Which;
        b.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        b.Response.Content.Should().Contain("namespaces \\\"nowhere\\\" not found");
    }

    [Fact]
    public async Task Invalid_objects_are_422_with_field_causes()
    {
        var service = SeedObjects.MasterService("Bad_Name");
        service.Spec.Ports[0].Port = 70000;

        var act = () => Client.CoreV1.CreateNamespacedServiceAsync(service, "default");

        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        error.Response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        error.Response.Content.Should().Contain("\"reason\":\"Invalid\"")
            .And.Contain("metadata.name")
            .And.Contain("spec.ports[0].port")
            .And.Contain("must be between 1 and 65535, inclusive");
    }

    [Fact]
    public async Task EndpointSlice_addressType_cannot_change_in_place()
    {
        var slice = await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(new V1EndpointSlice
        {
            Metadata = new V1ObjectMeta { Name = "s" },
            AddressType = "IPv4",
            Endpoints = [new V1Endpoint { Addresses = ["10.0.0.1"] }],
        }, "default");
        slice.AddressType = "IPv6";
        slice.Endpoints = [new V1Endpoint { Addresses = ["fd00::1"] }];

        var act = () => Client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(slice, "s", "default");

        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        error.Response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        error.Response.Content.Should().Contain("addressType").And.Contain("field is immutable");
    }

    [Fact]
    public async Task Pod_status_is_written_through_the_status_subresource_only()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "acid-minimal-cluster-0", Labels = SeedObjects.Labels() },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "postgres", Image = "spilo:3.0" }] },
            Status = new V1PodStatus { PodIP = "10.8.112.49" },
        };
        var created = await Client.CoreV1.CreateNamespacedPodAsync(pod, "default");
        created.Status.Phase.Should().Be("Pending");
        created.Status.PodIP.Should().BeNull("status is reset on create, as kube does");

        created.Status.PodIP = "10.8.112.49";
        created.Status.Phase = "Running";
        var viaMain = await Client.CoreV1.ReplaceNamespacedPodAsync(created, created.Metadata.Name, "default");
        viaMain.Status.PodIP.Should().BeNull("the main resource ignores status");

        viaMain.Status.PodIP = "10.8.112.49";
        viaMain.Status.Phase = "Running";
        var viaStatus = await Client.CoreV1.ReplaceNamespacedPodStatusAsync(viaMain, created.Metadata.Name, "default");
        viaStatus.Status.PodIP.Should().Be("10.8.112.49");
        viaStatus.Status.Phase.Should().Be("Running");
    }

    [Fact]
    public async Task Delete_with_a_uid_precondition_that_does_not_match_is_409()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");

        var act = () => Client.CoreV1.DeleteNamespacedConfigMapAsync("a", "default", new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = "not-the-uid" } });

        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        error.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        error.Response.Content.Should().Contain("Precondition failed: UID in precondition: not-the-uid");
        (await Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items.Should().ContainSingle();
    }

    [Fact]
    public async Task Deletecollection_deletes_what_the_selector_matches()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a", Labels = SeedObjects.Labels() } }, "default");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "b", Labels = SeedObjects.Labels() } }, "default");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "keep" } }, "default");

        await Client.CoreV1.DeleteCollectionNamespacedConfigMapAsync("default", labelSelector: "application=spilo,cluster-name=acid-minimal-cluster");

        (await Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items.Select(i => i.Metadata.Name).Should().Equal("keep");
    }

    [Fact]
    public async Task Leases_keep_client_go_fields()
    {
        var lease = new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "pgha" },
            Spec = new V1LeaseSpec { HolderIdentity = "a", LeaseDurationSeconds = 15, LeaseTransitions = 0, AcquireTime = DateTime.UtcNow, RenewTime = DateTime.UtcNow },
        };

        var created = await Client.CoordinationV1.CreateNamespacedLeaseAsync(lease, "default");
        created.Spec.HolderIdentity = "b";
        created.Spec.LeaseTransitions = 1;
        var updated = await Client.CoordinationV1.ReplaceNamespacedLeaseAsync(created, "pgha", "default");

        updated.Spec.HolderIdentity.Should().Be("b");
        updated.Spec.LeaseTransitions.Should().Be(1);
        updated.Spec.RenewTime.Should().NotBeNull();
    }

    [Fact]
    public async Task Namespaces_are_created_and_deleted_with_their_content()
    {
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a" } });
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "team-a");

        await Client.CoreV1.DeleteNamespaceAsync("team-a");
        await _server.WaitForControllersAsync(TestTimeouts.Token());

        (await Client.CoreV1.ListNamespaceAsync()).Items.Select(n => n.Metadata.Name).Should().NotContain("team-a");
        (await Client.CoreV1.ListConfigMapForAllNamespacesAsync()).Items.Should().BeEmpty();
    }
}
