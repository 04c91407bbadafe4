
namespace PgHa.Testing.Tests.Rbac;

/// <summary>kubectl against the server in RBAC mode: the admin applies RBAC manifests; a service account's kubeconfig gets kubectl's Forbidden errors.</summary>
public sealed class RbacKubectlTests
{
    private const string Manifest = """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: reader
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: pod-reader
        rules:
          - apiGroups: [""]
            resources: ["pods"]
            verbs: ["get", "list", "watch"]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: reader
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: pod-reader
        subjects:
          - kind: ServiceAccount
            name: reader
        """;

    [SkippableFact]
    public async Task The_admin_applies_rbac_manifests_and_a_service_account_is_refused_what_they_do_not_grant()
    {
        Support.Kubectl.RequireOrSkip();
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { Authorization = AuthorizationMode.Rbac, UseTls = true });
        using var admin = new Support.Kubectl(server.CreateKubeconfig());
        using var reader = new Support.Kubectl(server.CreateServiceAccountKubeconfig("default", "reader"));

        var path = admin.WriteFile("rbac.yaml", Manifest);
        (await admin.RunAsync("apply", "-f", path)).ShouldSucceed().Stdout
            .Should().Contain("serviceaccount/reader created").And.Contain("role.rbac.authorization.k8s.io/pod-reader created").And.Contain("rolebinding.rbac.authorization.k8s.io/reader created");
        (await admin.RunAsync("apply", "-f", path)).ShouldSucceed().Stdout.Should().Contain("role.rbac.authorization.k8s.io/pod-reader unchanged");
        (await admin.RunAsync("get", "roles,rolebindings,serviceaccounts")).ShouldSucceed().Stdout.Should().Contain("pod-reader").And.Contain("reader");

        (await reader.RunAsync("get", "pods")).ShouldSucceed();
        var refused = await reader.RunAsync("get", "configmaps");
        refused.ExitCode.Should().NotBe(0);
        refused.Stderr.Should().Contain("Error from server (Forbidden): configmaps is forbidden: User \"system:serviceaccount:default:reader\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"default\"");
        var can = await reader.RunAsync("auth", "can-i", "list", "pods");
        can.Stdout.Trim().Should().Be("yes", can.Stderr);
        var cannot = await reader.RunAsync("auth", "can-i", "create", "pods");
        cannot.Stdout.Trim().Should().Be("no");
        cannot.ExitCode.Should().Be(1);
        (await admin.RunAsync("auth", "can-i", "delete", "roles.rbac.authorization.k8s.io")).Stdout.Trim().Should().Be("yes");
        var write = await reader.RunAsync("delete", "pod", "x");
        write.Stderr.Should().Contain("pods \"x\" is forbidden: User \"system:serviceaccount:default:reader\" cannot delete resource \"pods\"");
    }
}
