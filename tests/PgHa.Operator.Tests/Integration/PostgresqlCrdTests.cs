using k8s;
using PgHa.Operator.Tests.Support;
using PgHa.Testing;
using PgHa.Testing.Tests.Support;

namespace PgHa.Operator.Tests.Integration;

public sealed class PostgresqlCrdTests
{
    [Fact]
    public void The_embedded_manifest_is_zalandos_postgresql_with_a_status_subresource()
    {
        var definition = PostgresqlCrd.Definition;

        definition.Metadata.Name.Should().Be("postgresqls.acid.zalan.do");
        definition.Spec.Group.Should().Be("acid.zalan.do");
        definition.Spec.Names.Kind.Should().Be("postgresql");
        var version = definition.Spec.Versions.Should().ContainSingle().Subject;
        version.Name.Should().Be("v1");
        version.Subresources.Status.Should().NotBeNull();
    }

    [Fact]
    public async Task Installs_and_installs_again_over_itself()
    {
        await using var server = await KubeApiServer.StartAsync();

        await PostgresqlCrd.InstallAsync(server.Client, TestTimeouts.Token());
        await PostgresqlCrd.InstallAsync(server.Client, TestTimeouts.Token());

        var crd = await server.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("postgresqls.acid.zalan.do");
        crd.Status.Conditions.Should().Contain(c => c.Type == "Established" && c.Status == "True");
        (await server.Client.CustomObjects.ListNamespacedCustomObjectAsync("acid.zalan.do", "v1", OperatorHarness.Namespace, "postgresqls")).Should().NotBeNull();
    }
}
