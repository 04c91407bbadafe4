using System.Net;
using k8s;
using k8s.Models;
using static PgHa.Testing.Tests.Rbac.RbacFixture;

namespace PgHa.Testing.Tests.Rbac;

/// <summary>The RBAC kinds and ServiceAccounts as stored resources: served, discovered and validated as kube-apiserver does.</summary>
public sealed class RbacResourceTests
{
    [Fact]
    public async Task Roles_bindings_and_service_accounts_round_trip_through_KubernetesClient()
    {
        await using var server = await KubeApiServer.StartAsync();
        var admin = server.Client;

        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "op" } }, Ns);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role { Metadata = new V1ObjectMeta { Name = "r" }, Rules = [Rule(["get"], ["pods"])] }, Ns);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(Binding("b", "Role", "r", ServiceAccount("op")), Ns);
        await admin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = "system:probe" },
            Rules = [new V1PolicyRule { Verbs = ["get"], NonResourceURLs = ["/healthz/*"] }],
        });
        await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "probe" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "system:probe" },
            Subjects = [Group("system:authenticated")],
        });

        (await admin.CoreV1.ReadNamespacedServiceAccountAsync("op", Ns)).Metadata.Uid.Should().NotBeNullOrEmpty();
        (await admin.RbacAuthorizationV1.ReadNamespacedRoleAsync("r", Ns)).Rules.Single().Resources.Should().Equal("pods");
        (await admin.RbacAuthorizationV1.ListNamespacedRoleBindingAsync(Ns)).Items.Single().Subjects.Single().Name.Should().Be("op");
        (await admin.RbacAuthorizationV1.ReadClusterRoleAsync("system:probe")).Rules.Single().NonResourceURLs.Should().Equal("/healthz/*");
        (await admin.RbacAuthorizationV1.ReadClusterRoleBindingAsync("probe")).RoleRef.Name.Should().Be("system:probe");

        var resources = await admin.RbacAuthorizationV1.GetAPIResourcesAsync();
        resources.Resources.Select(r => r.Name).Should().BeEquivalentTo(["roles", "rolebindings", "clusterroles", "clusterrolebindings"]);
        resources.Resources.Single(r => r.Name == "clusterroles").Namespaced.Should().BeFalse();
        (await admin.CoreV1.GetAPIResourcesAsync()).Resources.Should().Contain(r => r.Name == "serviceaccounts" && r.ShortNames.Contains("sa"));
    }

    [Fact]
    public async Task Invalid_rules_and_bindings_are_refused_with_422()
    {
        await using var server = await KubeApiServer.StartAsync();
        var rbac = server.Client.RbacAuthorizationV1;

        var noVerbs = await StatusOfAsync(() => rbac.CreateNamespacedRoleAsync(new V1Role { Metadata = new V1ObjectMeta { Name = "r" }, Rules = [new V1PolicyRule { Verbs = [], Resources = ["pods"], ApiGroups = [""] }] }, Ns), HttpStatusCode.UnprocessableEntity);
        noVerbs.Message.Should().Contain("rules[0].verbs: Required value: verbs must contain at least one value");
        var urls = await StatusOfAsync(() => rbac.CreateNamespacedRoleAsync(new V1Role { Metadata = new V1ObjectMeta { Name = "r" }, Rules = [new V1PolicyRule { Verbs = ["get"], NonResourceURLs = ["/x"] }] }, Ns), HttpStatusCode.UnprocessableEntity);
        urls.Message.Should().Contain("namespaced rules cannot apply to non-resource URLs");
        var noGroups = await StatusOfAsync(() => rbac.CreateClusterRoleAsync(new V1ClusterRole { Metadata = new V1ObjectMeta { Name = "r" }, Rules = [new V1PolicyRule { Verbs = ["get"], Resources = ["pods"] }] }), HttpStatusCode.UnprocessableEntity);
        noGroups.Message.Should().Contain("resource rules must supply at least one api group");

        var roleInCluster = await StatusOfAsync(() => rbac.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "b" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "r" },
            Subjects = [ServiceAccount("op")],
        }), HttpStatusCode.UnprocessableEntity);
        roleInCluster.Message.Should().Contain("roleRef.kind: Unsupported value: \"Role\"").And.Contain("subjects[0].namespace: Required value");

        await rbac.CreateNamespacedRoleBindingAsync(Binding("b", "Role", "r", ServiceAccount("op")), Ns);
        var changed = await StatusOfAsync(() => rbac.ReplaceNamespacedRoleBindingAsync(Binding("b", "Role", "other", ServiceAccount("op")), "b", Ns), HttpStatusCode.UnprocessableEntity);
        changed.Message.Should().Contain("roleRef: Invalid value").And.Contain("cannot change roleRef");
        var badSubject = await StatusOfAsync(() => rbac.CreateNamespacedRoleBindingAsync(Binding("c", "Role", "r", new Rbacv1Subject { Kind = "Robot", Name = "x" }), Ns), HttpStatusCode.UnprocessableEntity);
        badSubject.Message.Should().Contain("subjects[0].kind: Unsupported value: \"Robot\"");
    }
}
