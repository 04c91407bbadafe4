using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PgHa.Rbac.Tests.Support;
using PgHa.Testing.Tests.Support;

namespace PgHa.Rbac.Tests;

/// <summary>
/// Two clusters in one namespace, each with the agent manifest rendered for it: an agent of cluster A (A's service
/// account) cannot change B's lock, B's Pods or B's route, and the limits deploy/README.md documents hold (create and
/// the Pod list cannot be restricted by name).
/// </summary>
public sealed class CrossClusterIsolationTests
{
    private const string A = "acid-first";
    private const string B = "acid-second";
    private const string Ns = RbacEnvironment.Namespace;
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task An_agent_of_one_cluster_is_refused_on_the_other_clusters_lock_pods_and_route()
    {
        await using var environment = await RbacEnvironment.StartAsync();
        var a = await environment.AddClusterAsync(A);
        var b = await environment.AddClusterAsync(B);
        await Task.WhenAll(
            a.WaitHealthyAsync(null, TimeSpan.FromSeconds(20), TestTimeouts.Token()),
            b.WaitHealthyAsync(null, TimeSpan.FromSeconds(20), TestTimeouts.Token()));
        var route = (await environment.Admin.DiscoveryV1.ListNamespacedEndpointSliceAsync(Ns, labelSelector: "kubernetes.io/service-name=" + B)).Items.Single();
        var user = $"system:serviceaccount:{Ns}:{Manifests.AgentAccount(A)}";
        using var intruder = environment.Server.CreateServiceAccountClient(Ns, Manifests.AgentAccount(A), "intruder");
        var empty = new V1Patch("{}", V1Patch.PatchType.MergePatch);

        // B's lock and Patroni objects.
        var patch = await ForbiddenAsync(() => intruder.CoreV1.PatchNamespacedConfigMapAsync(empty, B + "-leader", Ns));
        patch.Message.Should().Be($"configmaps \"{B}-leader\" is forbidden: User \"{user}\" cannot patch resource \"configmaps\" in API group \"\" in the namespace \"{Ns}\"");
        var leader = await environment.Admin.CoreV1.ReadNamespacedConfigMapAsync(B + "-leader", Ns);
        await ForbiddenAsync(() => intruder.CoreV1.ReplaceNamespacedConfigMapAsync(leader, B + "-leader", Ns));
        await ForbiddenAsync(() => intruder.CoreV1.DeleteNamespacedConfigMapAsync(B + "-leader", Ns));
        await ForbiddenAsync(() => intruder.CoreV1.ReadNamespacedConfigMapAsync(B + "-config", Ns));
        await ForbiddenAsync(() => intruder.CoreV1.PatchNamespacedConfigMapAsync(empty, B + "-sync", Ns));
        await ForbiddenAsync(() => intruder.CoreV1.ListNamespacedConfigMapAsync(Ns, fieldSelector: $"metadata.name={B}-leader"));

        // B's members.
        await ForbiddenAsync(() => intruder.CoreV1.PatchNamespacedPodAsync(new V1Patch("{\"metadata\":{\"labels\":{\"spilo-role\":\"master\"}}}", V1Patch.PatchType.MergePatch), B + "-0", Ns));
        await ForbiddenAsync(() => intruder.CoreV1.PatchNamespacedPodStatusAsync(empty, B + "-0", Ns));

        // B's route and master Service: agents write neither.
        (await ForbiddenAsync(() => intruder.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(route, route.Metadata.Name, Ns))).Message
            .Should().Be($"endpointslices.discovery.k8s.io \"{route.Metadata.Name}\" is forbidden: User \"{user}\" cannot update resource \"endpointslices\" in API group \"discovery.k8s.io\" in the namespace \"{Ns}\"");
        await ForbiddenAsync(() => intruder.DiscoveryV1.PatchNamespacedEndpointSliceAsync(empty, route.Metadata.Name, Ns));
        await ForbiddenAsync(() => intruder.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(route.Metadata.Name, Ns));
        await ForbiddenAsync(() => intruder.DiscoveryV1.CreateNamespacedEndpointSliceAsync(new V1EndpointSlice { Metadata = new V1ObjectMeta { Name = B + "-x" }, AddressType = "IPv4", Endpoints = [] }, Ns));
        await ForbiddenAsync(() => intruder.CoreV1.PatchNamespacedServiceAsync(empty, B, Ns));
        await ForbiddenAsync(() => intruder.CoreV1.DeleteNamespacedServiceAsync(B, Ns));
        await ForbiddenAsync(() => intruder.CoreV1.PatchNamespacedEndpointsAsync(empty, B, Ns));

        // The same account on its own cluster's objects is allowed (the refusals above are about B, not the verbs).
        await intruder.CoreV1.PatchNamespacedConfigMapAsync(empty, A + "-leader", Ns);
        await intruder.CoreV1.ReadNamespacedPodAsync(A + "-0", Ns);

        // The documented limits: create and the member list cannot be restricted by name.
        await intruder.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = B + "-extra" } }, Ns);
        (await intruder.CoreV1.ListNamespacedPodAsync(Ns)).Items.Should().Contain(p => p.Metadata.Name.StartsWith(B, StringComparison.Ordinal));

        await b.WaitHealthyAsync(null, TimeSpan.FromSeconds(10), TestTimeouts.Token());
        environment.Refusals().Should().OnlyContain(r => r.Client == "intruder", "only the intruder was refused");
    }

    [Fact]
    public async Task A_watch_of_the_other_clusters_lock_is_refused_as_it_starts()
    {
        await using var environment = await RbacEnvironment.StartAsync();
        await Manifests.ApplyAsync(environment.Admin, Manifests.Agent(A), Ns, TestTimeouts.Token());
        var token = environment.Server.CreateServiceAccountClientConfiguration(Ns, Manifests.AgentAccount(A)).AccessToken;
        using var http = new HttpClient { BaseAddress = environment.Server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var own = await http.GetAsync($"/api/v1/namespaces/{Ns}/configmaps?watch=true&timeoutSeconds=1&fieldSelector=metadata.name%3D{A}-leader", HttpCompletionOption.ResponseHeadersRead);
        var other = await http.GetAsync($"/api/v1/namespaces/{Ns}/configmaps?watch=true&fieldSelector=metadata.name%3D{B}-leader");

        own.StatusCode.Should().Be(HttpStatusCode.OK);
        own.Dispose();
        other.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        JsonSerializer.Deserialize<V1Status>(await other.Content.ReadAsStringAsync(), Web)!.Message.Should().StartWith($"configmaps \"{B}-leader\" is forbidden:");
    }

    private static async Task<V1Status> ForbiddenAsync(Func<Task> call)
    {
        var e = (await call.Should().ThrowAsync<HttpOperationException>()).Which;
        e.Response.StatusCode.Should().Be(HttpStatusCode.Forbidden, e.Response.Content);
        return JsonSerializer.Deserialize<V1Status>(e.Response.Content, Web)!;
    }
}
