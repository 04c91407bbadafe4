using System.Text.Json.Nodes;
using k8s.Models;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Tests.Schema;

// Messages follow sigs.k8s.io/json (Go encoding/json with kube's strict-field patch) and
// k8s.io/apiserver endpoints/handlers (transformDecodeError, addStrictDecodingWarnings).
public sealed class ObjectDecoderBuiltInTests
{
    private const string Service = """
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"acid-minimal-cluster","namespace":"default","labels":{"application":"spilo"}},
         "spec":{"type":"ClusterIP","ports":[{"name":"postgresql","port":5432,"protocol":"TCP","targetPort":5432}]},
         "status":{"loadBalancer":{}}}
        """;

    [Theory]
    [InlineData("/spec/foo", "spec.foo")]
    [InlineData("/spec/ports/0/foo", "spec.ports[0].foo")]
    [InlineData("/metadata/foo", "metadata.foo")]
    [InlineData("/foo", "foo")]
    [InlineData("/status/loadBalancer/foo", "status.loadBalancer.foo")]
    public void Unknown_fields_are_pruned_and_reported_with_kube_paths(string location, string path)
    {
        var body = WithValue(Service, location, JsonValue.Create(1));

        var result = ObjectDecoder.Decode(body, ModelSchemaFactory.For<V1Service>(), FieldValidation.Warn, isCustomResource: false);

        result.IsSuccess.Should().BeTrue();
        result.UnknownFields.Should().Equal(path);
        result.Warnings.Should().Equal($"unknown field \"{path}\"");
        body.ToJsonString().Should().Be(JsonNode.Parse(Service)!.ToJsonString());
    }

    [Fact]
    public void Strict_validation_fails_with_every_unknown_field_in_document_order()
    {
        var body = WithValue(WithValue(Service, "/spec/foo", JsonValue.Create(1)), "/spec/ports/0/bar", JsonValue.Create(true));

        var result = ObjectDecoder.Decode(body, ModelSchemaFactory.For<V1Service>(), FieldValidation.Strict, isCustomResource: false);

        result.StatusCode.Should().Be(400);
        result.BadRequestMessage.Should().Be(
            "Service in version \"v1\" cannot be handled as a Service: strict decoding error: unknown field \"spec.ports[0].bar\", unknown field \"spec.foo\"");
        result.Warnings.Should().BeEmpty();
    }

    [Fact]
    public void Ignore_prunes_without_reporting()
    {
        var body = WithValue(Service, "/spec/foo", JsonValue.Create(1));

        var result = ObjectDecoder.Decode(body, ModelSchemaFactory.For<V1Service>(), FieldValidation.Ignore, isCustomResource: false);

        result.IsSuccess.Should().BeTrue();
        result.UnknownFields.Should().BeEmpty();
        body["spec"]!.AsObject().ContainsKey("foo").Should().BeFalse();
    }

    [Fact]
    public void Warning_header_quotes_the_text_like_kube()
    {
        DecodeResult.WarningHeaderValue("unknown field \"spec.foo\"").Should().Be("299 - \"unknown field \\\"spec.foo\\\"\"");
    }

    [Theory]
    [InlineData("/spec/ports/0/port", "\"80\"", "json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32")]
    [InlineData("/spec/ports/0/port", "1.5", "json: cannot unmarshal number 1.5 into Go struct field ServicePort.spec.ports.port of type int32")]
    [InlineData("/spec/ports/0/port", "99999999999", "json: cannot unmarshal number 99999999999 into Go struct field ServicePort.spec.ports.port of type int32")]
    [InlineData("/spec/ports/0/name", "5", "json: cannot unmarshal number into Go struct field ServicePort.spec.ports.name of type string")]
    [InlineData("/metadata/labels/application", "1", "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string")]
    [InlineData("/metadata/labels", "[]", "json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string")]
    [InlineData("/spec", "\"x\"", "json: cannot unmarshal string into Go struct field Service.spec of type v1.ServiceSpec")]
    [InlineData("/spec/ports", "{}", "json: cannot unmarshal object into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort")]
    [InlineData("/spec/ports", "[\"x\"]", "json: cannot unmarshal string into Go struct field ServiceSpec.spec.ports of type v1.ServicePort")]
    [InlineData("/spec/publishNotReadyAddresses", "\"yes\"", "json: cannot unmarshal string into Go struct field ServiceSpec.spec.publishNotReadyAddresses of type bool")]
    [InlineData("/spec/clusterIPs", "\"10.0.0.1\"", "json: cannot unmarshal string into Go struct field ServiceSpec.spec.clusterIPs of type []string")]
    [InlineData("/spec/ports/0/targetPort", "true", "json: cannot unmarshal bool into Go value of type int32")]
    [InlineData("/spec/ports/0/targetPort", "1.5", "json: cannot unmarshal number 1.5 into Go value of type int32")]
    [InlineData("/metadata/creationTimestamp", "5", "json: cannot unmarshal number into Go value of type string")]
    [InlineData("/metadata/creationTimestamp", "\"yesterday\"", "parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"yesterday\" as \"2006\"")]
    [InlineData("/metadata/creationTimestamp", "\"2024-13-01T00:00:00Z\"", "parsing time \"2024-13-01T00:00:00Z\": month out of range")]
    public void Wrong_types_give_one_go_decoding_error(string location, string json, string error)
    {
        var body = WithValue(Service, location, JsonNode.Parse(json));

        var result = ObjectDecoder.Decode(body, ModelSchemaFactory.For<V1Service>(), FieldValidation.Strict, isCustomResource: false);

        result.StatusCode.Should().Be(400);
        result.DecodeError.Should().Be(error);
        result.BadRequestMessage.Should().Be("Service in version \"v1\" cannot be handled as a Service: " + error);
    }

    [Fact]
    public void A_type_error_wins_over_unknown_fields()
    {
        var body = WithValue(WithValue(Service, "/spec/foo", JsonValue.Create(1)), "/spec/ports/0/port", JsonValue.Create("x"));

        var result = ObjectDecoder.Decode(body, ModelSchemaFactory.For<V1Service>(), FieldValidation.Warn, isCustomResource: false);

        result.DecodeError.Should().StartWith("json: cannot unmarshal string");
        result.Warnings.Should().BeEmpty();
    }

    [Theory]
    [InlineData("\"2022-11-18T06:18:59.159796Z\"", null)]
    [InlineData("\"2022-11-18T06:18:59.159796+00:00\"", null)]
    [InlineData("\"2022-11-18T06:18:59Z\"", "parsing time \"2022-11-18T06:18:59Z\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse \"Z\" as \".000000\"")]
    public void Lease_times_parse_as_micro_time(string json, string? error)
    {
        var body = JsonNode.Parse("""{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"l"},"spec":{"holderIdentity":"a"}}""")!.AsObject();
        body["spec"]!["renewTime"] = JsonNode.Parse(json);

        var result = ObjectDecoder.Decode(body, ModelSchemaFactory.For<V1Lease>(), FieldValidation.Strict, isCustomResource: false);

        result.DecodeError.Should().Be(error);
    }

    [Theory]
    [InlineData("\"500m\"", null)]
    [InlineData("1.5", null)]
    [InlineData("\"1Gi\"", null)]
    [InlineData("\"abc\"", GoQuantity.FormatWrong)]
    [InlineData("\"1Qi\"", GoQuantity.FormatWrong)]
    [InlineData("true", GoQuantity.FormatWrong)]
    [InlineData("\"1Ki5\"", GoQuantity.SuffixWrong)]
    public void Resource_quantities_parse_like_resource_ParseQuantity(string json, string? error)
    {
        var body = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{}}}]}}""")!.AsObject();
        body["spec"]!["containers"]![0]!["resources"]!["limits"]!["cpu"] = JsonNode.Parse(json);

        ObjectDecoder.Decode(body, ModelSchemaFactory.For<V1Pod>(), FieldValidation.Strict, isCustomResource: false).DecodeError.Should().Be(error);
    }

    [Theory]
    [InlineData("aGVsbG8=", null)]
    [InlineData("aGVs\nbG8=", null)]
    [InlineData("abc!", "illegal base64 data at input byte 3")]
    [InlineData("abc", "illegal base64 data at input byte 0")]
    [InlineData("aGVsbG8=x", "illegal base64 data at input byte 8")]
    public void Byte_fields_must_be_base64(string data, string? error)
    {
        var body = JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"binaryData":{}}""")!.AsObject();
        body["binaryData"]!["k"] = data;

        ObjectDecoder.Decode(body, ModelSchemaFactory.For<V1ConfigMap>(), FieldValidation.Strict, isCustomResource: false).DecodeError.Should().Be(error);
    }

    [Fact]
    public void Nulls_leave_fields_unset_and_map_values_zero()
    {
        var body = JsonNode.Parse(Service)!.AsObject();
        body["spec"]!["selector"] = null;
        body["metadata"]!["annotations"] = new JsonObject { ["a"] = null };

        var result = ObjectDecoder.Decode(body, ModelSchemaFactory.For<V1Service>(), FieldValidation.Strict, isCustomResource: false);

        result.IsSuccess.Should().BeTrue();
        body["spec"]!.AsObject().ContainsKey("selector").Should().BeFalse();
        body["metadata"]!["annotations"]!["a"]!.GetValue<string>().Should().BeEmpty();
    }

    [Fact]
    public void Patroni_endpoints_decode_cleanly()
    {
        // The lock write Patroni 3.0.2 sends (shared/research/patroni-wire.md): annotations plus subsets.
        var body = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"acid-minimal-cluster","namespace":"default","resourceVersion":"7",
             "annotations":{"leader":"acid-minimal-cluster-0","acquireTime":"2022-11-18T06:18:59.159796+00:00","renewTime":"2022-11-18T06:18:59.159796+00:00","transitions":"0","ttl":"30","optime":"50331744"},
             "labels":{"application":"spilo","cluster-name":"acid-minimal-cluster"}},
             "subsets":[{"addresses":[{"ip":"10.244.0.5","nodeName":"node-1","targetRef":{"kind":"Pod","namespace":"default","name":"acid-minimal-cluster-0"}}],
                         "ports":[{"name":"postgresql","port":5432,"protocol":"TCP"}]}]}
            """)!.AsObject();
        var before = body.ToJsonString();

        var result = ObjectDecoder.Decode(body, ModelSchemaFactory.For<V1Endpoints>(), FieldValidation.Strict, isCustomResource: false);

        result.IsSuccess.Should().BeTrue();
        result.UnknownFields.Should().BeEmpty();
        body.ToJsonString().Should().Be(before);
    }

    [Fact]
    public void A_valid_body_allocates_nothing()
    {
        var schema = ModelSchemaFactory.For<V1Service>();
        var body = JsonNode.Parse(Service)!.AsObject();
        body["metadata"]!["creationTimestamp"] = JsonNode.Parse("\"2024-01-02T03:04:05Z\"");
        var first = ObjectDecoder.Decode(body, schema, FieldValidation.Warn, isCustomResource: false);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var second = ObjectDecoder.Decode(body, schema, FieldValidation.Warn, isCustomResource: false);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().Be(0);
        second.Should().BeSameAs(first);
    }

    private static JsonObject WithValue(string json, string location, JsonNode? value) => WithValue(JsonNode.Parse(json)!.AsObject(), location, value);

    private static JsonObject WithValue(JsonObject root, string location, JsonNode? value)
    {
        var parts = location.TrimStart('/').Split('/');
        JsonNode node = root;
        foreach (var part in parts[..^1])
        {
            node = node is JsonArray array ? array[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)]! : node[part]!;
        }

        if (node is JsonArray list)
        {
            list[int.Parse(parts[^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            node[parts[^1]] = value;
        }

        return root;
    }
}
