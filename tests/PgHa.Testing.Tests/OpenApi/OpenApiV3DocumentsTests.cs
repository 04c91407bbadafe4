using System.Text.Json.Nodes;
using PgHa.Testing.OpenApi;
using PgHa.Testing.Resources;

namespace PgHa.Testing.Tests.OpenApi;

public sealed class OpenApiV3DocumentsTests
{
    private static readonly IReadOnlyList<ResourceType> Resources = TestResources.WithPostgresql();

    [Fact]
    public void Root_lists_every_group_version_with_its_hash()
    {
        var documents = OpenApiV3Documents.For(Resources);
        var root = JsonNode.Parse(documents.Root.Json)!["paths"]!.AsObject();

        root.Select(p => p.Key).Should().Equal(
            "api/v1", "apis/acid.zalan.do/v1", "apis/apiextensions.k8s.io/v1", "apis/coordination.k8s.io/v1", "apis/discovery.k8s.io/v1");
        foreach (var (path, entry) in root)
        {
            documents.TryGetGroupVersion(path, out var document).Should().BeTrue();
            entry!["serverRelativeURL"]!.GetValue<string>().Should().Be("/openapi/v3/" + path + "?hash=" + document.Hash);
            document.Hash.Should().MatchRegex("^[0-9A-F]{128}$");
        }
    }

    [Fact]
    public void Service_patch_declares_field_validation_where_cli_runtime_looks()
    {
        // k8s.io/cli-runtime/pkg/resource/query_param_verifier_v3.go: the PATCH operation whose
        // x-kubernetes-group-version-kind matches must list the parameter with in: query.
        var paths = Document("api/v1")["paths"]!;
        var patch = paths["/api/v1/namespaces/{namespace}/services/{name}"]!["patch"]!;

        patch["x-kubernetes-action"]!.GetValue<string>().Should().Be("patch");
        patch["operationId"]!.GetValue<string>().Should().Be("patchCoreV1NamespacedService");
        patch["x-kubernetes-group-version-kind"]!.ToJsonString().Should().Be("""{"group":"","kind":"Service","version":"v1"}""");
        patch["parameters"]!.AsArray().Select(p => (p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>()))
            .Should().Contain(("fieldValidation", "query")).And.Contain(("dryRun", "query")).And.Contain(("fieldManager", "query"));
        patch["requestBody"]!["content"]!.AsObject().Select(c => c.Key).Should().Equal(
            "application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json");
    }

    [Fact]
    public void Service_paths_and_operations_are_kube_shaped()
    {
        var paths = Document("api/v1")["paths"]!.AsObject();

        paths.Select(p => p.Key).Should().Contain([
            "/api/v1/namespaces/{namespace}/services", "/api/v1/namespaces/{namespace}/services/{name}",
            "/api/v1/namespaces/{namespace}/services/{name}/status", "/api/v1/services",
            "/api/v1/watch/namespaces/{namespace}/services", "/api/v1/watch/namespaces/{namespace}/services/{name}", "/api/v1/watch/services",
            "/api/v1/namespaces", "/api/v1/namespaces/{name}", "/api/v1/namespaces/{name}/status",
        ]);
        paths.Select(p => p.Key).Should().NotContain("/api/v1/namespaces/{namespace}/configmaps/{name}/status");

        var collection = paths["/api/v1/namespaces/{namespace}/services"]!;
        collection["get"]!["operationId"]!.GetValue<string>().Should().Be("listCoreV1NamespacedService");
        collection["post"]!["operationId"]!.GetValue<string>().Should().Be("createCoreV1NamespacedService");
        collection["delete"]!["operationId"]!.GetValue<string>().Should().Be("deleteCoreV1CollectionNamespacedService");
        collection["delete"]!["x-kubernetes-action"]!.GetValue<string>().Should().Be("deletecollection");
        collection["post"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).Should().Equal("dryRun", "fieldManager", "fieldValidation");
        collection["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).Should().Equal("namespace", "pretty");
        paths["/api/v1/services"]!["get"]!["operationId"]!.GetValue<string>().Should().Be("listCoreV1ServiceForAllNamespaces");
        paths["/api/v1/namespaces/{namespace}/services/{name}/status"]!["put"]!["operationId"]!.GetValue<string>().Should().Be("replaceCoreV1NamespacedServiceStatus");
        paths["/api/v1/watch/services"]!["get"]!["x-kubernetes-action"]!.GetValue<string>().Should().Be("watchlist");
        paths["/api/v1/namespaces"]!.AsObject().ContainsKey("delete").Should().BeFalse("namespaces do not serve deletecollection");
        paths["/api/v1/namespaces/{name}"]!["get"]!["operationId"]!.GetValue<string>().Should().Be("readCoreV1Namespace");
    }

    [Fact]
    public void Schemas_carry_kube_extensions()
    {
        var schemas = Document("api/v1")["components"]!["schemas"]!;

        var service = schemas["io.k8s.api.core.v1.Service"]!;
        service["x-kubernetes-group-version-kind"]!.ToJsonString().Should().Be("""[{"group":"","kind":"Service","version":"v1"}]""");
        service["properties"]!["spec"]!.ToJsonString().Should().Be("""{"allOf":[{"$ref":"#/components/schemas/io.k8s.api.core.v1.ServiceSpec"}]}""");
        var ports = schemas["io.k8s.api.core.v1.ServiceSpec"]!["properties"]!["ports"]!;
        ports["x-kubernetes-patch-merge-key"]!.GetValue<string>().Should().Be("port");
        ports["x-kubernetes-patch-strategy"]!.GetValue<string>().Should().Be("merge");
        ports["x-kubernetes-list-type"]!.GetValue<string>().Should().Be("map");
        ports["x-kubernetes-list-map-keys"]!.ToJsonString().Should().Be("""["port","protocol"]""");
        schemas["io.k8s.api.core.v1.ServicePort"]!["required"]!.ToJsonString().Should().Be("""["port"]""");
        schemas["io.k8s.api.core.v1.ServiceList"]!["x-kubernetes-group-version-kind"]![0]!["kind"]!.GetValue<string>().Should().Be("ServiceList");
        schemas["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]!.ToJsonString().Should().Be("""{"format":"int-or-string","oneOf":[{"type":"integer"},{"type":"string"}]}""");
        schemas["io.k8s.apimachinery.pkg.apis.meta.v1.Time"]!.ToJsonString().Should().Be("""{"format":"date-time","type":"string"}""");
        schemas["io.k8s.api.core.v1.ObjectReference"]!["x-kubernetes-map-type"]!.GetValue<string>().Should().Be("atomic");
    }

    [Fact]
    public void Custom_resource_document_has_its_schema_and_no_strategic_merge_patch()
    {
        var document = Document("apis/acid.zalan.do/v1");
        var schema = document["components"]!["schemas"]!["do.zalan.acid.v1.postgresql"]!;

        schema["properties"]!["spec"]!["properties"]!["numberOfInstances"]!.ToJsonString().Should().Be("""{"minimum":1,"type":"integer"}""");
        schema["properties"]!["metadata"]!.ToJsonString().Should().Be("""{"allOf":[{"$ref":"#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}]}""");
        var patch = document["paths"]!["/apis/acid.zalan.do/v1/namespaces/{namespace}/postgresqls/{name}"]!["patch"]!;
        patch["operationId"]!.GetValue<string>().Should().Be("patchAcidZalanDoV1NamespacedPostgresql".Replace("Postgresql", "postgresql", StringComparison.Ordinal));
        patch["requestBody"]!["content"]!.AsObject().Select(c => c.Key).Should().NotContain("application/strategic-merge-patch+json");
    }

    [Theory]
    [InlineData("api/v1")]
    [InlineData("apis/discovery.k8s.io/v1")]
    [InlineData("apis/coordination.k8s.io/v1")]
    [InlineData("apis/apiextensions.k8s.io/v1")]
    [InlineData("apis/acid.zalan.do/v1")]
    public void Every_ref_resolves(string path)
    {
        var document = Document(path);
        var schemas = document["components"]!["schemas"]!.AsObject();

        var refs = Refs(document).ToList();

        refs.Should().NotBeEmpty();
        refs.Should().AllSatisfy(r =>
        {
            r.Should().StartWith("#/components/schemas/");
            schemas.ContainsKey(r["#/components/schemas/".Length..]).Should().BeTrue(r);
        });
        document["openapi"]!.GetValue<string>().Should().Be("3.0.0");
    }

    [Fact]
    public void Documents_are_deterministic_and_cached_by_list_identity()
    {
        var first = OpenApiV3Documents.For(Resources);
        var again = OpenApiV3Documents.For(Resources);
        var rebuilt = OpenApiV3Documents.For([.. Resources]);

        again.Should().BeSameAs(first);
        rebuilt.Should().NotBeSameAs(first);
        rebuilt.Root.Json.Should().Equal(first.Root.Json);
    }

    [Fact]
    public void Adding_a_crd_rebuilds_only_its_group_version()
    {
        var before = OpenApiV3Documents.For(TestResources.BuiltIn());
        var after = OpenApiV3Documents.For([.. TestResources.BuiltIn(), TestResources.Postgresql]);

        before.TryGetGroupVersion("apis/acid.zalan.do/v1", out _).Should().BeFalse();
        after.TryGetGroupVersion("apis/acid.zalan.do/v1", out _).Should().BeTrue();
        before.TryGetGroupVersion("api/v1", out var coreBefore).Should().BeTrue();
        after.TryGetGroupVersion("api/v1", out var coreAfter).Should().BeTrue();
        coreAfter.Hash.Should().Be(coreBefore.Hash);
    }

    internal static IEnumerable<string> Refs(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    // JSONSchemaProps has a property named "$ref"; references are the string-valued ones.
                    if (key == "$ref" && value is JsonValue)
                    {
                        yield return value!.GetValue<string>();
                    }
                    else
                    {
                        foreach (var r in Refs(value))
                        {
                            yield return r;
                        }
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var r in Refs(item))
                    {
                        yield return r;
                    }
                }

                break;
        }
    }

    private static JsonNode Document(string path)
    {
        OpenApiV3Documents.For(Resources).TryGetGroupVersion(path, out var document).Should().BeTrue();
        return JsonNode.Parse(document.Json)!;
    }
}
