using System.Text.Json.Nodes;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Tests.Validation;

// apimachinery's field.Error (pkg/util/validation/field/errors.go) and errors.NewInvalid (pkg/api/errors/errors.go).
public sealed class FieldErrorTests
{
    // ErrorBody: int64, float64 and bool with %v, strings with %q, anything else as json.Marshal gives it.
    [Theory]
    [InlineData("\"x\"", "\"x\"")]
    [InlineData("5", "5")]
    [InlineData("2.5", "2.5")]
    [InlineData("1e6", "1e+06")]
    [InlineData("true", "true")]
    [InlineData("null", "null")]
    [InlineData("{\"b\":1,\"a\":[1,\"x\"]}", "{\"a\":[1,\"x\"],\"b\":1}")]
    [InlineData("{\"a\":1.0,\"b\":\"<é>\"}", "{\"a\":1,\"b\":\"\\u003cé\\u003e\"}")]
    public void FormatValue_renders_decoded_values_as_ErrorBody_does(string json, string expected) =>
        FieldError.FormatValue(JsonNode.Parse(json)).Should().Be(expected);

    [Fact]
    public void FormatValue_renders_clr_values_as_their_go_counterparts()
    {
        FieldError.FormatValue("a\"b").Should().Be("\"a\\\"b\"");
        FieldError.FormatValue(8080).Should().Be("8080");
        FieldError.FormatValue(-3L).Should().Be("-3");
        FieldError.FormatValue(false).Should().Be("false");
        FieldError.FormatValue(1e21).Should().Be("1e+21");
        FieldError.FormatValue(null).Should().Be("null");
    }

    [Fact]
    public void Bodies_show_the_value_only_for_the_types_kube_shows_it_for()
    {
        FieldError.Invalid("spec.x", "a", "bad").ToString().Should().Be("spec.x: Invalid value: \"a\": bad");
        FieldError.Required("spec.x", string.Empty).Body.Should().Be("Required value");
        FieldError.TooLong("data", 5).Body.Should().Be("Too long: may not be more than 5 bytes");
        FieldError.TooMany("spec.items", 3, 2).Body.Should().Be("Too many: 3: must have at most 2 items");
        FieldError.Duplicate("spec.ports[1].name", "http").Body.Should().Be("Duplicate value: \"http\"");
        FieldError.NotSupported("spec.type", "X", ["A", "B"]).Body.Should().Be("Unsupported value: \"X\": supported values: \"A\", \"B\"");
        FieldError.NotSupported("spec.type", "X", []).Body.Should().Be("Unsupported value: \"X\"");
        FieldError.NotSupported("spec.type", "X", ["A"]).Reason.Should().Be("FieldValueNotSupported");
    }

    [Fact]
    public void The_invalid_status_message_qualifies_the_kind_and_aggregates_distinct_errors()
    {
        var required = FieldError.Required("spec.teamId", string.Empty);
        var invalid = FieldError.Invalid("spec.n", "two", "bad");

        FieldError.InvalidStatusMessage("acid.zalan.do", "postgresql", "x", [required]).Should()
            .Be("postgresql.acid.zalan.do \"x\" is invalid: spec.teamId: Required value");
        FieldError.InvalidStatusMessage(string.Empty, "Service", "x", [required, required, invalid]).Should()
            .Be("Service \"x\" is invalid: [spec.teamId: Required value, spec.n: Invalid value: \"two\": bad]");
        FieldError.InvalidStatusMessage(string.Empty, string.Empty, string.Empty, [invalid]).Should()
            .Be(" \"\" is invalid: spec.n: Invalid value: \"two\": bad");
    }
}
