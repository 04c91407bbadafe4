using System.Text.Json.Nodes;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Tests.Schema;

// Messages follow apiextensions-apiserver (pruning, kubeOpenAPIResultToFieldErrors), kube-openapi's
// validation errors and apimachinery's field.Error / apierrors.NewInvalid.
public sealed class ObjectDecoderCustomResourceTests
{
    private static readonly SchemaNode Schema = PostgresqlCrdSchema.Read();

    [Fact]
    public void A_valid_cluster_passes_unchanged()
    {
        var body = PostgresqlCrdSchema.ValidObject();
        var before = body.ToJsonString();

        var result = Decode(body, FieldValidation.Strict);

        result.IsSuccess.Should().BeTrue();
        result.UnknownFields.Should().BeEmpty();
        result.FieldErrors.Should().BeEmpty();
        body.ToJsonString().Should().Be(before);
    }

    [Theory]
    [InlineData("numberOfInstances", "\"string\"", "FieldValueTypeInvalid", "spec.numberOfInstances",
        "Invalid value: \"string\": spec.numberOfInstances in body must be of type integer: \"string\"")]
    [InlineData("numberOfInstances", "1.5", "FieldValueTypeInvalid", "spec.numberOfInstances",
        "Invalid value: \"number\": spec.numberOfInstances in body must be of type integer: \"number\"")]
    [InlineData("numberOfInstances", "0", "FieldValueInvalid", "spec.numberOfInstances",
        "Invalid value: 0: spec.numberOfInstances in body should be greater than or equal to 1")]
    [InlineData("teamId", "5", "FieldValueTypeInvalid", "spec.teamId",
        "Invalid value: \"integer\": spec.teamId in body must be of type string: \"integer\"")]
    [InlineData("enableMasterLoadBalancer", "\"yes\"", "FieldValueTypeInvalid", "spec.enableMasterLoadBalancer",
        "Invalid value: \"string\": spec.enableMasterLoadBalancer in body must be of type boolean: \"string\"")]
    [InlineData("volume", "{\"size\":\"1 GB\"}", "FieldValueInvalid", "spec.volume.size",
        "Invalid value: \"1 GB\": spec.volume.size in body should match '^(\\d+(e\\d+)?|\\d+(\\.\\d+)?(e\\d+)?[EPTGMK]i?)$'")]
    [InlineData("postgresql", "{\"version\":\"99\"}", "FieldValueNotSupported", "spec.postgresql.version",
        "Unsupported value: \"99\": supported values: \"13\", \"14\", \"15\", \"16\", \"17\"")]
    [InlineData("postgresql", "{}", "FieldValueRequired", "spec.postgresql.version", "Required value")]
    [InlineData("users", "{\"zalando\":[\"root\"]}", "FieldValueNotSupported", "spec.users.zalando[0]",
        "Unsupported value: \"root\": supported values: \"bypassrls\", \"createdb\", \"login\", \"superuser\"")]
    [InlineData("tolerations", "[{\"key\":\"toolong\"}]", "FieldValueTooLong", "spec.tolerations[0].key", "Too long: may not be more than 5 bytes")]
    [InlineData("tolerations", "[{},{},{}]", "FieldValueTooMany", "spec.tolerations", "Too many: 3: must have at most 2 items")]
    [InlineData("maintenanceWindows", "[5]", "FieldValueTypeInvalid", "spec.maintenanceWindows[0]",
        "Invalid value: \"integer\": spec.maintenanceWindows[0] in body must be of type string: \"integer\"")]
    public void Schema_violations_are_field_errors(string property, string json, string reason, string field, string message)
    {
        var body = PostgresqlCrdSchema.ValidObject();
        body["spec"]![property] = JsonNode.Parse(json);

        var result = Decode(body, FieldValidation.Strict);

        result.StatusCode.Should().Be(422);
        result.FieldErrors.Select(e => (e.Reason, e.Field, e.Body)).Should().Equal((reason, field, message));
        result.InvalidMessage("acid-minimal-cluster").Should().Be($"postgresql.acid.zalan.do \"acid-minimal-cluster\" is invalid: {field}: {message}");
    }

    [Fact]
    public void Missing_required_fields_and_several_errors_aggregate_in_brackets()
    {
        var body = PostgresqlCrdSchema.ValidObject();
        body["spec"]!.AsObject().Remove("teamId");
        body["spec"]!["numberOfInstances"] = "two";

        var result = Decode(body, FieldValidation.Strict);

        result.InvalidMessage("acid-minimal-cluster").Should().Be(
            "postgresql.acid.zalan.do \"acid-minimal-cluster\" is invalid: [spec.teamId: Required value, "
            + "spec.numberOfInstances: Invalid value: \"string\": spec.numberOfInstances in body must be of type integer: \"string\"]");
    }

    [Fact]
    public void Int_or_string_rejects_other_types_with_kube_openapi_any_of_errors()
    {
        var body = PostgresqlCrdSchema.ValidObject();
        body["spec"]!["port"] = true;

        var result = Decode(body, FieldValidation.Strict);

        result.FieldErrors.Select(e => e.ToString()).Should().Equal(
            ": Invalid value: \"\": spec.port must validate at least one schema (anyOf)",
            "spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer: \"boolean\"");
    }

    [Fact]
    public void Unknown_fields_are_pruned_and_reported_sorted_after_metadata()
    {
        var body = PostgresqlCrdSchema.ValidObject();
        body["spec"]!["zzz"] = 1;
        body["spec"]!["aaa"] = new JsonObject { ["b"] = 1 };
        body["spec"]!["volume"]!["iops"] = 3000;
        body["metadata"]!["bogus"] = "x";

        var warn = Decode(body, FieldValidation.Warn);

        warn.IsSuccess.Should().BeTrue();
        warn.UnknownFields.Should().Equal("metadata.bogus", "spec.aaa", "spec.volume.iops", "spec.zzz");
        body.ToJsonString().Should().Be(PostgresqlCrdSchema.ValidObject().ToJsonString());
    }

    [Fact]
    public void Strict_unknown_fields_fail_with_400_before_validation()
    {
        var body = PostgresqlCrdSchema.ValidObject();
        body["spec"]!["foo"] = 1;
        body["spec"]!["numberOfInstances"] = "x";

        var result = Decode(body, FieldValidation.Strict);

        result.StatusCode.Should().Be(400);
        result.BadRequestMessage.Should().Be("postgresql in version \"v1\" cannot be handled as a postgresql: strict decoding error: unknown field \"spec.foo\"");
    }

    [Fact]
    public void Metadata_decodes_as_go_object_meta()
    {
        var body = PostgresqlCrdSchema.ValidObject();
        body["metadata"]!["labels"]!["team"] = 1;

        var result = Decode(body, FieldValidation.Strict);

        result.StatusCode.Should().Be(400);
        result.BadRequestMessage.Should().Be(
            "postgresql in version \"v1\" cannot be handled as a postgresql: json: cannot unmarshal number into Go struct field ObjectMeta.labels of type string");
    }

    [Fact]
    public void Preserve_unknown_fields_keeps_data()
    {
        var body = PostgresqlCrdSchema.ValidObject();
        body["spec"]!["sidecars"] = JsonNode.Parse("""[{"name":"exporter","image":"x","env":[{"name":"A","value":"1"}],"deep":{"any":[1,{"x":null}]}}]""");
        var expected = body.ToJsonString();

        var result = Decode(body, FieldValidation.Strict);

        result.IsSuccess.Should().BeTrue();
        body.ToJsonString().Should().Be(expected);
    }

    [Fact]
    public void Defaults_fill_absent_fields_and_non_nullable_nulls_are_dropped()
    {
        var body = PostgresqlCrdSchema.ValidObject();
        body["spec"]!["patroni"] = new JsonObject { ["ttl"] = null };
        body["spec"]!["dockerImage"] = null;
        body["spec"]!["users"]!["nobody"] = null;

        var result = Decode(body, FieldValidation.Strict);

        result.IsSuccess.Should().BeTrue();
        body["spec"]!["patroni"]!.ToJsonString().Should().Be("""{"ttl":30,"loop_wait":10}""");
        body["spec"]!.AsObject().ContainsKey("dockerImage").Should().BeFalse();
        body["spec"]!["users"]!.AsObject().ContainsKey("nobody").Should().BeTrue("users' values are nullable");
    }

    [Fact]
    public void Status_map_accepts_strings()
    {
        var body = PostgresqlCrdSchema.ValidObject();
        body["status"] = new JsonObject { ["PostgresClusterStatus"] = "Running" };

        Decode(body, FieldValidation.Strict).IsSuccess.Should().BeTrue();
    }

    private static DecodeResult Decode(JsonObject body, FieldValidation validation) =>
        ObjectDecoder.Decode(body, Schema, validation, isCustomResource: true);
}
