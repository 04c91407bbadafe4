using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace PgHa.Testing.Tests.Rbac;

/// <summary>Helpers for the RBAC tests: roles and bindings written by the admin, and the Status of a refused call.</summary>
internal static class RbacFixture
{
    public const string Ns = "default";
    public const string Other = "other";

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static async Task<KubeApiServer> StartAsync()
    {
        var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { Authorization = AuthorizationMode.Rbac });
        await server.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Other } });
        return server;
    }

    public static V1PolicyRule Rule(string[] verbs, string[] resources, string[]? groups = null, string[]? names = null) =>
        new() { Verbs = verbs, Resources = resources, ApiGroups = groups ?? [""], ResourceNames = names };

    /// <summary>A Role named <paramref name="name"/> with <paramref name="rules"/>, bound to the service account <paramref name="account"/>.</summary>
    public static async Task GrantAsync(KubeApiServer server, string account, string name, params V1PolicyRule[] rules)
    {
        await server.Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role { Metadata = new V1ObjectMeta { Name = name }, Rules = rules }, Ns);
        await server.Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(Binding(name, "Role", name, ServiceAccount(account)), Ns);
    }

    public static V1RoleBinding Binding(string name, string roleKind, string roleName, params Rbacv1Subject[] subjects) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = roleKind, Name = roleName },
        Subjects = subjects,
    };

    public static Rbacv1Subject ServiceAccount(string name, string? @namespace = null) => new() { Kind = "ServiceAccount", Name = name, NamespaceProperty = @namespace };

    public static Rbacv1Subject Group(string name) => new() { Kind = "Group", Name = name, ApiGroup = "rbac.authorization.k8s.io" };

    public static Rbacv1Subject User(string name) => new() { Kind = "User", Name = name, ApiGroup = "rbac.authorization.k8s.io" };

    public static V1ConfigMap ConfigMap(string name) => new() { Metadata = new V1ObjectMeta { Name = name } };

    public static V1Endpoints Endpoints(string name) => new() { Metadata = new V1ObjectMeta { Name = name } };

    /// <summary>The Status of a call KubernetesClient failed with, as it surfaces it (HttpOperationException with the body).</summary>
    public static async Task<V1Status> StatusOfAsync(Func<Task> call, HttpStatusCode expected)
    {
        var e = (await call.Should().ThrowAsync<HttpOperationException>()).Which;
        e.Response.StatusCode.Should().Be(expected, e.Response.Content);
        return JsonSerializer.Deserialize<V1Status>(e.Response.Content, Web)!;
    }

    public static Task<V1Status> ForbiddenAsync(Func<Task> call) => StatusOfAsync(call, HttpStatusCode.Forbidden);

    public static string Sa(string name, string ns = Ns) => $"system:serviceaccount:{ns}:{name}";
}
