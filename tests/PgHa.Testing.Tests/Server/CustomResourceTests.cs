using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PgHa.Testing.Tests.Support;

namespace PgHa.Testing.Tests.Server;

/// <summary>A CustomResourceDefinition makes its resource served: discovery, CRUD, status subresource, generation, schema, cleanup.</summary>
public sealed class CustomResourceTests : IAsyncLifetime
{
    private KubeApiServer _server = null!;

    private IKubernetes Client => _server.Client;

    public async Task InitializeAsync()
    {
        _server = await KubeApiServer.StartAsync();
        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(PostgresqlDefinition());
        await _server.WaitForControllersAsync(TestTimeouts.Token());
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_definition_is_established_and_its_resource_is_discoverable()
    {
        var crd = await Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("postgresqls.acid.zalan.do");
        crd.Status.Conditions.Should().Contain(c => c.Type == "Established" && c.Status == "True");
        crd.Status.AcceptedNames.Plural.Should().Be("postgresqls");

        var resources = await Client.CustomObjects.GetAPIResourcesAsync("acid.zalan.do", "v1");
        resources.Resources.Select(r => r.Name).Should().Contain(["postgresqls", "postgresqls/status"]);
        resources.Resources.Single(r => r.Name == "postgresqls").ShortNames.Should().Equal("pg");
    }

    [Fact]
    public async Task Custom_resources_support_crud_with_generation_and_a_status_subresource()
    {
        var created = await CreateClusterAsync(2);
        created.GetProperty("metadata").GetProperty("generation").GetInt64().Should().Be(1);

        var patched = await PatchAsync("{\"spec\":{\"numberOfInstances\":3}}", null);
        patched.GetProperty("metadata").GetProperty("generation").GetInt64().Should().Be(2);

        var status = await PatchAsync("{\"status\":{\"PostgresClusterStatus\":\"Running\"},\"spec\":{\"numberOfInstances\":9}}", "status");
        status.GetProperty("status").GetProperty("PostgresClusterStatus").GetString().Should().Be("Running");
        status.GetProperty("spec").GetProperty("numberOfInstances").GetInt64().Should().Be(3, "a status write changes only the status");
        status.GetProperty("metadata").GetProperty("generation").GetInt64().Should().Be(2);
    }

    [Fact]
    public async Task The_schema_prunes_unknown_fields_and_rejects_wrong_types()
    {
        var body = Cluster(2);
        body["spec"]!["unknownField"] = "dropped";
        var created = await Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElement>(body, "acid.zalan.do", "v1", "default", "postgresqls");
        created.GetProperty("spec").TryGetProperty("unknownField", out _).Should().BeFalse();

        var bad = Cluster(2, "acid-bad");
        bad["spec"]!["numberOfInstances"] = "two";
        var act = () => Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElement>(bad, "acid.zalan.do", "v1", "default", "postgresqls");
        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        error.Response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        error.Response.Content.Should().Contain("spec.numberOfInstances");
    }

    [Fact]
    public async Task Deleting_the_definition_deletes_its_resources_and_stops_serving_them()
    {
        await CreateClusterAsync(2);

        await Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("postgresqls.acid.zalan.do");
        await _server.WaitForControllersAsync(TestTimeouts.Token());

        (await Client.ApiextensionsV1.ListCustomResourceDefinitionAsync()).Items.Should().BeEmpty();
        var act = () => Client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>("acid.zalan.do", "v1", "default", "postgresqls");
        (await act.Should().ThrowAsync<HttpOperationException>()).Which.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_custom_resource_update_must_carry_a_resourceVersion()
    {
        await CreateClusterAsync(2);
        var body = Cluster(2);

        var act = () => Client.CustomObjects.ReplaceNamespacedCustomObjectAsync<JsonElement>(body, "acid.zalan.do", "v1", "default", "postgresqls", "acid-minimal-cluster");

        var error = (await act.Should().ThrowAsync<HttpOperationException>()).Which;
        error.Response.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        error.Response.Content.Should().Contain("must be specified for an update");
    }

    internal static V1CustomResourceDefinition PostgresqlDefinition() => new()
    {
        Metadata = new V1ObjectMeta { Name = "postgresqls.acid.zalan.do" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = "acid.zalan.do",
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames { Plural = "postgresqls", Singular = "postgresql", Kind = "postgresql", ListKind = "postgresqlList", ShortNames = ["pg"], Categories = ["all"] },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = "v1",
                    Served = true,
                    Storage = true,
                    Subresources = new V1CustomResourceSubresources { Status = new object() },
                    AdditionalPrinterColumns = [new V1CustomResourceColumnDefinition { Name = "Team", Type = "string", JsonPath = ".spec.teamId" }],
                    Schema = new V1CustomResourceValidation
                    {
                        OpenAPIV3Schema = new V1JSONSchemaProps
                        {
                            Type = "object",
                            Required = ["kind", "apiVersion", "spec"],
                            Properties = new Dictionary<string, V1JSONSchemaProps>
                            {
                                ["spec"] = new()
                                {
                                    Type = "object",
                                    Required = ["numberOfInstances", "teamId", "postgresql", "volume"],
                                    Properties = new Dictionary<string, V1JSONSchemaProps>
                                    {
                                        ["teamId"] = new() { Type = "string" },
                                        ["numberOfInstances"] = new() { Type = "integer", Minimum = 0 },
                                        ["postgresql"] = new()
                                        {
                                            Type = "object",
                                            Required = ["version"],
                                            Properties = new Dictionary<string, V1JSONSchemaProps>
                                            {
                                                ["version"] = new() { Type = "string", EnumProperty = ["13", "14", "15", "16", "17"] },
                                            },
                                        },
                                        ["volume"] = new()
                                        {
                                            Type = "object",
                                            Required = ["size"],
                                            Properties = new Dictionary<string, V1JSONSchemaProps> { ["size"] = new() { Type = "string" } },
                                        },
                                    },
                                },
                                ["status"] = new() { Type = "object", XKubernetesPreserveUnknownFields = true },
                            },
                        },
                    },
                },
            ],
        },
    };

    internal static System.Text.Json.Nodes.JsonObject Cluster(int instances, string name = "acid-minimal-cluster") => new()
    {
        ["apiVersion"] = "acid.zalan.do/v1",
        ["kind"] = "postgresql",
        ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = name },
        ["spec"] = new System.Text.Json.Nodes.JsonObject
        {
            ["teamId"] = "acid",
            ["numberOfInstances"] = instances,
            ["postgresql"] = new System.Text.Json.Nodes.JsonObject { ["version"] = "15" },
            ["volume"] = new System.Text.Json.Nodes.JsonObject { ["size"] = "1Gi" },
        },
    };

    private Task<JsonElement> CreateClusterAsync(int instances) =>
        Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElement>(Cluster(instances), "acid.zalan.do", "v1", "default", "postgresqls");

    private Task<JsonElement> PatchAsync(string patch, string? subresource) => subresource is null
        ? Client.CustomObjects.PatchNamespacedCustomObjectAsync<JsonElement>(new V1Patch(patch, V1Patch.PatchType.MergePatch), "acid.zalan.do", "v1", "default", "postgresqls", "acid-minimal-cluster")
        : Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync<JsonElement>(new V1Patch(patch, V1Patch.PatchType.MergePatch), "acid.zalan.do", "v1", "default", "postgresqls", "acid-minimal-cluster");
}
