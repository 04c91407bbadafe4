using System.Net;
using System.Net.Http.Headers;
using k8s;
using k8s.Models;
using static PgHa.Testing.Tests.Rbac.RbacFixture;

namespace PgHa.Testing.Tests.Rbac;

/// <summary>The embedded server's RBAC mode: who is asked, what each rule grants, and kube's 401/403 Status bodies.</summary>
public sealed class RbacAuthorizationTests
{
    [Fact]
    public async Task A_service_account_without_bindings_is_refused_with_kubes_exact_Status()
    {
        await using var server = await StartAsync();
        using var op = server.CreateServiceAccountClient(Ns, "op");

        var list = await ForbiddenAsync(() => op.CoreV1.ListNamespacedPodAsync(Ns));
        list.Message.Should().Be("pods is forbidden: User \"system:serviceaccount:default:op\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"");
        list.Reason.Should().Be("Forbidden");
        list.Code.Should().Be(403);
        list.Details.Should().BeEquivalentTo(new { Kind = "pods", Name = (string?)null, Group = (string?)null });

        var update = await ForbiddenAsync(() => op.CoreV1.ReplaceNamespacedEndpointsAsync(Endpoints("x"), "x", Ns));
        update.Message.Should().Be("endpoints \"x\" is forbidden: User \"system:serviceaccount:default:op\" cannot update resource \"endpoints\" in API group \"\" in the namespace \"default\"");
        update.Details.Should().BeEquivalentTo(new { Kind = "endpoints", Name = "x" });

        var cluster = await ForbiddenAsync(() => op.CoreV1.ListPodForAllNamespacesAsync());
        cluster.Message.Should().Be("pods is forbidden: User \"system:serviceaccount:default:op\" cannot list resource \"pods\" in API group \"\" at the cluster scope");

        var slices = await ForbiddenAsync(() => op.DiscoveryV1.ListNamespacedEndpointSliceAsync(Ns));
        slices.Message.Should().Be("endpointslices.discovery.k8s.io is forbidden: User \"system:serviceaccount:default:op\" cannot list resource \"endpointslices\" in API group \"discovery.k8s.io\" in the namespace \"default\"");
        slices.Details.Should().BeEquivalentTo(new { Kind = "endpointslices", Group = "discovery.k8s.io" });

        var status = await ForbiddenAsync(() => op.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch("{}", V1Patch.PatchType.MergePatch), "p", Ns));
        status.Message.Should().Be("pods \"p\" is forbidden: User \"system:serviceaccount:default:op\" cannot patch resource \"pods/status\" in API group \"\" in the namespace \"default\"");
    }

    [Fact]
    public async Task Requests_without_a_token_the_server_issued_get_401_and_health_checks_stay_open()
    {
        await using var server = await StartAsync();
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "forged");

        var response = await anonymous.GetAsync("/api/v1/namespaces/default/pods");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"reason\":\"Unauthorized\"").And.Contain("\"message\":\"Unauthorized\"");
        (await anonymous.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Verbs_are_granted_one_by_one_and_the_request_log_records_the_user()
    {
        await using var server = await StartAsync();
        await GrantAsync(server, "op", "cm-reader", Rule(["get", "list"], ["configmaps"]));
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), Ns);
        using var op = server.CreateServiceAccountClient(Ns, "op", "op-0");

        (await op.CoreV1.ReadNamespacedConfigMapAsync("a", Ns)).Metadata.Name.Should().Be("a");
        (await op.CoreV1.ListNamespacedConfigMapAsync(Ns)).Items.Should().ContainSingle();
        var create = await ForbiddenAsync(() => op.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), Ns));
        create.Message.Should().EndWith("cannot create resource \"configmaps\" in API group \"\" in the namespace \"default\"");
        await ForbiddenAsync(() => op.CoreV1.DeleteNamespacedConfigMapAsync("a", Ns));
        await ForbiddenAsync(() => op.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{}", V1Patch.PatchType.MergePatch), "a", Ns));

        var records = server.RequestLog.Snapshot().Where(r => r.Client == "op-0").ToList();
        records.Should().HaveCount(5).And.OnlyContain(r => r.User == Sa("op"));
        records.Select(r => r.StatusCode).Should().Equal(200, 200, 403, 403, 403);
        (await server.Client.CoreV1.ListNamespacedConfigMapAsync(Ns)).Items.Should().ContainSingle("the refused writes changed nothing");
    }

    [Fact]
    public async Task Resource_names_restrict_get_update_patch_and_delete_but_never_grant_create_or_an_unnamed_list()
    {
        await using var server = await StartAsync();
        await GrantAsync(server, "agent", "lock", Rule(["get", "list", "watch", "create", "update", "patch", "delete"], ["configmaps"], names: ["a-leader"]));
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b-leader"), Ns);
        using var agent = server.CreateServiceAccountClient(Ns, "agent");

        var create = await ForbiddenAsync(() => agent.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a-leader"), Ns));
        create.Message.Should().StartWith("configmaps is forbidden:").And.Contain("cannot create resource \"configmaps\"");
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a-leader"), Ns);

        (await agent.CoreV1.ReadNamespacedConfigMapAsync("a-leader", Ns)).Should().NotBeNull();
        await agent.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"k\":\"v\"}}", V1Patch.PatchType.MergePatch), "a-leader", Ns);
        var cm = await agent.CoreV1.ReadNamespacedConfigMapAsync("a-leader", Ns);
        await agent.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "a-leader", Ns);
        (await agent.CoreV1.ListNamespacedConfigMapAsync(Ns, fieldSelector: "metadata.name=a-leader")).Items.Should().ContainSingle();

        var other = await ForbiddenAsync(() => agent.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{}", V1Patch.PatchType.MergePatch), "b-leader", Ns));
        other.Message.Should().Be("configmaps \"b-leader\" is forbidden: User \"system:serviceaccount:default:agent\" cannot patch resource \"configmaps\" in API group \"\" in the namespace \"default\"");
        await ForbiddenAsync(() => agent.CoreV1.ReadNamespacedConfigMapAsync("b-leader", Ns));
        var list = await ForbiddenAsync(() => agent.CoreV1.ListNamespacedConfigMapAsync(Ns));
        list.Message.Should().Be("configmaps is forbidden: User \"system:serviceaccount:default:agent\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"default\"");
        var byOtherName = await ForbiddenAsync(() => agent.CoreV1.ListNamespacedConfigMapAsync(Ns, fieldSelector: "metadata.name=b-leader"));
        byOtherName.Message.Should().StartWith("configmaps \"b-leader\" is forbidden:", "a list selecting one name is authorized as a request for that name");

        await agent.CoreV1.DeleteNamespacedConfigMapAsync("a-leader", Ns);
    }

    [Fact]
    public async Task Subresources_are_separate_resources_unless_a_rule_names_them_or_a_wildcard()
    {
        await using var server = await StartAsync();
        await server.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "i" }] },
        }, Ns);
        await GrantAsync(server, "a", "pods", Rule(["get", "patch"], ["pods"]));
        await GrantAsync(server, "b", "pods-status", Rule(["patch"], ["pods/status"]));
        await GrantAsync(server, "c", "any-status", Rule(["patch"], ["*/status"]));
        using var a = server.CreateServiceAccountClient(Ns, "a");
        using var b = server.CreateServiceAccountClient(Ns, "b");
        using var c = server.CreateServiceAccountClient(Ns, "c");
        var patch = new V1Patch("{\"metadata\":{\"labels\":{\"x\":\"y\"}}}", V1Patch.PatchType.MergePatch);

        await a.CoreV1.PatchNamespacedPodAsync(patch, "p", Ns);
        (await ForbiddenAsync(() => a.CoreV1.PatchNamespacedPodStatusAsync(patch, "p", Ns))).Message.Should().Contain("cannot patch resource \"pods/status\"");
        await b.CoreV1.PatchNamespacedPodStatusAsync(patch, "p", Ns);
        await ForbiddenAsync(() => b.CoreV1.PatchNamespacedPodAsync(patch, "p", Ns));
        await c.CoreV1.PatchNamespacedPodStatusAsync(patch, "p", Ns);
        await ForbiddenAsync(() => c.CoreV1.PatchNamespacedPodAsync(patch, "p", Ns));
    }

    [Fact]
    public async Task API_groups_must_match_and_wildcards_match_everything()
    {
        await using var server = await StartAsync();
        await GrantAsync(server, "core", "core-slices", Rule(["list"], ["endpointslices"]));
        await GrantAsync(server, "disc", "disc-slices", Rule(["list"], ["endpointslices"], ["discovery.k8s.io"]));
        await GrantAsync(server, "all", "all", Rule(["*"], ["*"], ["*"]));
        using var core = server.CreateServiceAccountClient(Ns, "core");
        using var disc = server.CreateServiceAccountClient(Ns, "disc");
        using var all = server.CreateServiceAccountClient(Ns, "all");

        await ForbiddenAsync(() => core.DiscoveryV1.ListNamespacedEndpointSliceAsync(Ns));
        await disc.DiscoveryV1.ListNamespacedEndpointSliceAsync(Ns);
        await ForbiddenAsync(() => disc.DiscoveryV1.CreateNamespacedEndpointSliceAsync(new V1EndpointSlice { Metadata = new V1ObjectMeta { Name = "s" }, AddressType = "IPv4", Endpoints = [] }, Ns));

        await all.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("w"), Ns);
        await all.CoordinationV1.ListNamespacedLeaseAsync(Ns);
        await all.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{}", V1Patch.PatchType.MergePatch), "w", Ns);
        await ForbiddenAsync(() => all.CoreV1.ListNamespacedConfigMapAsync(Other));
        (await ForbiddenAsync(() => all.CoreV1.ListNamespaceAsync())).Message.Should().EndWith("cannot list resource \"namespaces\" in API group \"\" at the cluster scope",
            "a Role grants nothing at the cluster scope");
    }

    [Fact]
    public async Task A_ClusterRole_bound_by_a_RoleBinding_grants_only_in_that_namespace()
    {
        await using var server = await StartAsync();
        await server.Client.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole { Metadata = new V1ObjectMeta { Name = "cm-editor" }, Rules = [Rule(["*"], ["configmaps"])] });
        await server.Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(Binding("edit", "ClusterRole", "cm-editor", ServiceAccount("op")), Other);
        using var op = server.CreateServiceAccountClient(Other, "op");
        using var sameNameElsewhere = server.CreateServiceAccountClient(Ns, "op");

        await op.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), Other);
        var denied = await ForbiddenAsync(() => op.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), Ns));
        denied.Message.Should().Be("configmaps is forbidden: User \"system:serviceaccount:other:op\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"default\"");
        await ForbiddenAsync(() => op.CoreV1.ListConfigMapForAllNamespacesAsync());
        await ForbiddenAsync(() => sameNameElsewhere.CoreV1.ListNamespacedConfigMapAsync(Other));
    }

    [Fact]
    public async Task ClusterRoleBindings_grant_everywhere_by_user_group_or_service_account()
    {
        await using var server = await StartAsync();
        await server.Client.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole { Metadata = new V1ObjectMeta { Name = "pod-reader" }, Rules = [Rule(["get", "list", "watch"], ["pods"])] });
        await server.Client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "readers" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "pod-reader" },
            Subjects = [User("bob"), Group("system:serviceaccounts:" + Other), ServiceAccount("sa", Ns)],
        });
        using var bob = server.CreateClient("bob");
        using var carol = server.CreateClient("carol");
        using var inOther = server.CreateServiceAccountClient(Other, "anyone");
        using var sa = server.CreateServiceAccountClient(Ns, "sa");
        using var notSa = server.CreateServiceAccountClient(Ns, "not-sa");

        await bob.CoreV1.ListPodForAllNamespacesAsync();
        await inOther.CoreV1.ListNamespacedPodAsync(Ns);
        await sa.CoreV1.ListPodForAllNamespacesAsync();
        (await ForbiddenAsync(() => carol.CoreV1.ListPodForAllNamespacesAsync())).Message.Should().Contain("User \"carol\"");
        await ForbiddenAsync(() => notSa.CoreV1.ListNamespacedPodAsync(Ns));
        await ForbiddenAsync(() => bob.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), Ns));
    }

    [Fact]
    public async Task The_admin_client_may_do_anything_and_policy_changes_apply_to_the_next_request()
    {
        await using var server = await StartAsync();
        using var op = server.CreateServiceAccountClient(Ns, "op");
        await ForbiddenAsync(() => op.CoreV1.ListNamespacedServiceAsync(Ns));

        await GrantAsync(server, "op", "svc", Rule(["list"], ["services"]));
        await op.CoreV1.ListNamespacedServiceAsync(Ns);

        await server.Client.RbacAuthorizationV1.DeleteNamespacedRoleAsync("svc", Ns);
        var missing = await ForbiddenAsync(() => op.CoreV1.ListNamespacedServiceAsync(Ns));
        missing.Message.Should().Be("services is forbidden: User \"system:serviceaccount:default:op\" cannot list resource \"services\" in API group \"\" in the namespace \"default\": RBAC: role.rbac.authorization.k8s.io \"svc\" not found",
            "a binding to a missing role is reported as kube's RBAC authorizer reports it");
    }

    [Fact]
    public async Task Watches_are_authorized_as_they_start()
    {
        await using var server = await StartAsync();
        await GrantAsync(server, "op", "list-only", Rule(["list"], ["configmaps"]));
        var config = server.CreateServiceAccountClientConfiguration(Ns, "op", "watcher");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.AccessToken);

        var watch = await http.GetAsync("/api/v1/namespaces/default/configmaps?watch=true", HttpCompletionOption.ResponseHeadersRead);
        var legacy = await http.GetAsync("/api/v1/watch/namespaces/default/configmaps", HttpCompletionOption.ResponseHeadersRead);

        watch.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await watch.Content.ReadAsStringAsync()).Should().Contain("cannot watch resource \\\"configmaps\\\" in API group \\\"\\\" in the namespace \\\"default\\\"");
        legacy.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        server.RequestLog.Snapshot().Where(r => r.Client == "watcher").Should().HaveCount(2).And.OnlyContain(r => r.Verb == "watch" && r.StatusCode == 403);
        (await http.GetAsync("/api/v1/namespaces/default/configmaps")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Discovery_is_open_to_authenticated_users_and_other_paths_are_not()
    {
        await using var server = await StartAsync();
        using var op = server.CreateServiceAccountClient(Ns, "op");
        var config = server.CreateServiceAccountClientConfiguration(Ns, "op");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", config.AccessToken);

        (await op.Version.GetCodeAsync()).GitVersion.Should().StartWith("v1.");
        (await op.Apis.GetAPIVersionsAsync()).Groups.Should().Contain(g => g.Name == "rbac.authorization.k8s.io");
        (await http.GetAsync("/apis/rbac.authorization.k8s.io/v1")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync("/openapi/v2")).StatusCode.Should().Be(HttpStatusCode.OK);

        var other = await http.GetAsync("/metrics");
        other.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await other.Content.ReadAsStringAsync()).Should().Contain("\"message\":\"forbidden: User \\\"system:serviceaccount:default:op\\\" cannot get path \\\"/metrics\\\"\"");
    }

    [Fact]
    public async Task Under_AlwaysAllow_every_client_may_do_anything()
    {
        await using var server = await KubeApiServer.StartAsync();
        using var op = server.CreateServiceAccountClient(Ns, "op");

        await op.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), Ns);
        await op.RbacAuthorizationV1.ListClusterRoleAsync();

        server.RequestLog.Snapshot().Should().OnlyContain(r => r.Client == Sa("op") && r.User == Sa("op") && r.StatusCode < 300);
    }

    [Fact]
    public async Task A_SelfSubjectAccessReview_answers_for_the_callers_own_identity()
    {
        await using var server = await StartAsync();
        await GrantAsync(server, "op", "lock", Rule(["get", "patch"], ["configmaps"], names: ["a-leader"]));
        using var op = server.CreateServiceAccountClient(Ns, "op");

        async Task<V1SubjectAccessReviewStatus> AskAsync(V1ResourceAttributes? resource = null, V1NonResourceAttributes? nonResource = null) =>
            (await op.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
            {
                Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = resource, NonResourceAttributes = nonResource },
            })).Status;

        (await AskAsync(new V1ResourceAttributes { Verb = "patch", Resource = "configmaps", NamespaceProperty = Ns, Name = "a-leader" })).Allowed.Should().BeTrue();
        (await AskAsync(new V1ResourceAttributes { Verb = "patch", Resource = "configmaps", NamespaceProperty = Ns, Name = "b-leader" })).Allowed.Should().BeFalse();
        (await AskAsync(new V1ResourceAttributes { Verb = "create", Resource = "configmaps", NamespaceProperty = Ns })).Allowed.Should().BeFalse();
        (await AskAsync(new V1ResourceAttributes { Verb = "get", Resource = "configmaps", NamespaceProperty = Other, Name = "a-leader" })).Allowed.Should().BeFalse();
        (await AskAsync(nonResource: new V1NonResourceAttributes { Verb = "get", Path = "/metrics" })).Allowed.Should().BeFalse();
        (await server.Client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
        {
            Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = new V1ResourceAttributes { Verb = "*", Resource = "*", Group = "*" } },
        })).Status.Allowed.Should().BeTrue("the admin is in system:masters");
        server.RequestLog.Count(resource: "selfsubjectaccessreviews.authorization.k8s.io").Should().Be(6);
    }
}
