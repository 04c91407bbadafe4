using System.Text.Json.Nodes;
using PgHa.Testing.OpenApi;

namespace PgHa.Testing.Tests.OpenApi;

public sealed class OpenApiV2DocumentTests
{
    [Fact]
    public void Swagger_document_has_definitions_paths_and_resolvable_refs()
    {
        var resources = TestResources.WithPostgresql();
        var document = OpenApiV2Document.For(resources);
        var json = JsonNode.Parse(document.Json)!;
        var definitions = json["definitions"]!.AsObject();

        json["swagger"]!.GetValue<string>().Should().Be("2.0");
        definitions.ContainsKey("io.k8s.api.discovery.v1.EndpointSlice").Should().BeTrue();
        definitions["io.k8s.api.core.v1.ServiceSpec"]!["properties"]!["ports"]!["x-kubernetes-patch-merge-key"]!.GetValue<string>().Should().Be("port");
        definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]!.ToJsonString().Should().Be("""{"format":"int-or-string","type":"string"}""");
        var patch = json["paths"]!["/api/v1/namespaces/{namespace}/services/{name}"]!["patch"]!;
        patch["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).Should().Contain(["body", "fieldValidation"]);
        patch["consumes"]!.AsArray().Should().HaveCount(4);
        OpenApiV3DocumentsTests.Refs(json).Should().AllSatisfy(r => definitions.ContainsKey(r["#/definitions/".Length..]).Should().BeTrue(r));
        OpenApiV2Document.For(resources).Should().BeSameAs(document);
    }
}
