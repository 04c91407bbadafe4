using System.Text.Json.Nodes;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Tests.Schema;

public sealed class CustomResourceSchemaReaderTests
{
    [Fact]
    public void Reads_types_bounds_enums_and_required()
    {
        var root = PostgresqlCrdSchema.Read();
        var spec = root.Properties["spec"];

        root.DefinitionName.Should().Be("do.zalan.acid.v1.postgresql");
        root.GroupVersionKind.Should().Be(PostgresqlCrdSchema.Gvk);
        spec.Required.Should().Equal("numberOfInstances", "teamId", "postgresql", "volume");
        spec.Properties["teamId"].Type.Should().Be(SchemaType.String);
        spec.Properties["numberOfInstances"].Type.Should().Be(SchemaType.Integer);
        spec.Properties["numberOfInstances"].Minimum.Should().Be(1);
        spec.Properties["postgresql"].Properties["version"].Enum!.Select(v => v!.GetValue<string>()).Should().Equal("13", "14", "15", "16", "17");
        spec.Properties["volume"].Properties["size"].Type.Should().Be(SchemaType.String);
        spec.Properties["volume"].Properties["size"].Pattern.Should().StartWith("^(\\d+");
        spec.Properties["users"].AdditionalProperties!.Nullable.Should().BeTrue();
        spec.Properties["patroni"].Properties["ttl"].Default!.GetValue<int>().Should().Be(30);
        spec.Properties["sidecars"].Items!.PreserveUnknownFields.Should().BeTrue();
        spec.Properties["port"].Type.Should().Be(SchemaType.IntOrString);
        spec.Properties["tolerations"].MaxItems.Should().Be(2);
    }

    [Fact]
    public void Implies_api_version_kind_and_object_meta_at_the_root()
    {
        var root = CustomResourceSchemaReader.Read(JsonNode.Parse("""{"type":"object","properties":{"spec":{"type":"object"}}}""")!.AsObject(), new GroupVersionKind("example.com", "v1", "Widget"));

        root.Properties["apiVersion"].Type.Should().Be(SchemaType.String);
        root.Properties["kind"].Type.Should().Be(SchemaType.String);
        root.Properties["metadata"].Should().BeSameAs(ModelSchemaFactory.ObjectMeta);
        root.DefinitionName.Should().Be("com.example.v1.Widget");
    }

    [Theory]
    [InlineData("""{"type":"object","x-kubernetes-preserve-unknown-fields":true}""", "Object", true)]
    [InlineData("""{"x-kubernetes-preserve-unknown-fields":true}""", "Any", true)]
    [InlineData("""{"x-kubernetes-int-or-string":true,"anyOf":[{"type":"integer"},{"type":"string"}]}""", "IntOrString", false)]
    [InlineData("""{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"set"}""", "Array", false)]
    public void Reads_extensions(string json, string type, bool preserve)
    {
        var root = CustomResourceSchemaReader.Read(JsonNode.Parse("{\"type\":\"object\",\"properties\":{\"x\":" + json + "}}")!.AsObject(), new GroupVersionKind("g.io", "v1", "K"));

        root.Properties["x"].Type.ToString().Should().Be(type);
        root.Properties["x"].PreserveUnknownFields.Should().Be(preserve);
    }

    [Fact]
    public void Reads_list_map_keys_embedded_resources_and_boolean_additional_properties()
    {
        var root = CustomResourceSchemaReader.Read(JsonNode.Parse("""
            {"type":"object","properties":{
              "list":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name","port"],"items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"},"port":{"type":"integer"}}}},
              "template":{"type":"object","x-kubernetes-embedded-resource":true,"x-kubernetes-preserve-unknown-fields":true},
              "labels":{"type":"object","additionalProperties":true,"nullable":true}}}
            """)!.AsObject(), new GroupVersionKind("g.io", "v1", "K"));

        root.Properties["list"].ListType.Should().Be("map");
        root.Properties["list"].ListMapKeys.Should().Equal("name", "port");
        root.Properties["template"].EmbeddedResource.Should().BeTrue();
        root.Properties["labels"].AdditionalProperties!.Type.Should().Be(SchemaType.Any);
        root.Properties["labels"].Nullable.Should().BeTrue();
    }

    [Fact]
    public void Rejects_a_root_that_is_not_an_object() =>
        FluentActions.Invoking(() => CustomResourceSchemaReader.Read(JsonNode.Parse("""{"type":"string"}""")!.AsObject(), new GroupVersionKind("g.io", "v1", "K")))
            .Should().Throw<ArgumentException>();
}
