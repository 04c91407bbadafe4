using System.Text.Json.Nodes;
using PgHa.Testing.Go;

namespace PgHa.Testing.Tests.Go;

// Go's fmt (go/src/fmt/print.go): %v prints maps with sorted keys as map[k:v], slices as [a b], nil as <nil>;
// %s prints strings as they are and other values as %!s(type=value), as in kube's strategic merge errors.
public sealed class GoValuesTests
{
    [Theory]
    [InlineData("""{"value":"b","image":"x"}""", "map[image:x value:b]")]
    [InlineData("""{"a":[1,"s",true,null],"b":{"c":2.5}}""", "map[a:[1 s true <nil>] b:map[c:2.5]]")]
    [InlineData("""[]""", "[]")]
    [InlineData("""{}""", "map[]")]
    [InlineData("""[1.0,1e6,-7,false]""", "[1 1e+06 -7 false]")]
    [InlineData("""null""", "<nil>")]
    [InlineData("""{"\ue000":1,"😀":2}""", "map[\ue000:1 😀:2]")]
    public void FormatV_prints_like_percent_v(string json, string expected) =>
        GoValues.FormatV(JsonNode.Parse(json)).Should().Be(expected);

    [Theory]
    [InlineData("\"merge\"", "merge")]
    [InlineData("1", "%!s(int64=1)")]
    [InlineData("1.5", "%!s(float64=1.5)")]
    [InlineData("true", "%!s(bool=true)")]
    [InlineData("null", "%!s(<nil>)")]
    [InlineData("""{"a":1,"b":"x"}""", "map[a:%!s(int64=1) b:x]")]
    public void FormatS_prints_like_percent_s(string json, string expected) =>
        GoValues.FormatS(JsonNode.Parse(json)).Should().Be(expected);

    [Fact]
    public void Formats_slices_and_slices_of_slices()
    {
        List<JsonNode?> first = [JsonValue.Create("a"), new JsonObject { ["k"] = 1 }];
        List<JsonNode?> second = [JsonValue.Create(2), null];

        GoValues.FormatSlice(first).Should().Be("[a map[k:1]]");
        GoValues.FormatSlices(first, second).Should().Be("[[a map[k:1]] [2 <nil>]]");
    }

    // kube decodes with "preserve ints": int64 when the number's text parses as one, float64 otherwise.
    [Theory]
    [InlineData("0", "Int64")]
    [InlineData("9223372036854775807", "Int64")]
    [InlineData("-9223372036854775809", "Float64")]
    [InlineData("2.0", "Float64")]
    [InlineData("1E2", "Float64")]
    [InlineData("\"1\"", "String")]
    [InlineData("true", "Bool")]
    [InlineData("null", "Nil")]
    [InlineData("{}", "Map")]
    [InlineData("[]", "Slice")]
    public void KindOf_follows_unstructured_decoding(string json, string kind) =>
        GoValues.KindOf(JsonNode.Parse(json)).ToString().Should().Be(kind);

    // Values built in code are judged by the JSON text they serialise to, as Go sees them after a round trip.
    [Fact]
    public void Created_numbers_are_judged_by_their_text()
    {
        GoValues.KindOf(JsonValue.Create(5)).Should().Be(GoKind.Int64);
        GoValues.KindOf(JsonValue.Create(5L)).Should().Be(GoKind.Int64);
        GoValues.KindOf(JsonValue.Create(1234567.0)).Should().Be(GoKind.Int64);
        GoValues.KindOf(JsonValue.Create(2.5)).Should().Be(GoKind.Float64);
        GoValues.FormatV(JsonValue.Create(1234567.0)).Should().Be("1234567");
        GoValues.TryGetInt64(JsonValue.Create(3.0), out var three).Should().BeTrue();
        three.Should().Be(3);
        GoValues.TryGetInt64(JsonValue.Create(1e21), out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("1", "1", true)]
    [InlineData("1", "1.0", false)]
    [InlineData("1.0", "1", false)]
    [InlineData("\"a\"", "\"a\"", true)]
    [InlineData("true", "false", false)]
    [InlineData("null", "null", true)]
    [InlineData("{}", "{}", false)]
    public void ScalarEquals_is_gos_equality_on_interface_values(string left, string right, bool equal) =>
        GoValues.ScalarEquals(JsonNode.Parse(left), JsonNode.Parse(right)).Should().Be(equal);

    [Fact]
    public void TypeName_is_what_reflect_prints()
    {
        GoValues.TypeName(GoKind.Map).Should().Be("map[string]interface {}");
        GoValues.TypeName(GoKind.Slice).Should().Be("[]interface {}");
        GoValues.TypeName(GoKind.Int64).Should().Be("int64");
        GoValues.TypeName(GoKind.Nil).Should().BeNull();
    }
}
