using System.Text;
using System.Text.Json.Nodes;
using PgHa.Testing.Go;

namespace PgHa.Testing.Tests.Go;

// Go's json.Marshal of decoded values (go/src/encoding/json/encode.go): map keys sorted, strings HTML-safe with
// \b \f \n \r \t short forms and \u00XX for other controls, \u2028/\u2029 escaped, float64 in its JSON form.
public sealed class GoJsonTests
{
    [Theory]
    [InlineData("null", "null")]
    [InlineData("true", "true")]
    [InlineData("-7", "-7")]
    [InlineData("1.0", "1")]
    [InlineData("-0.0", "-0")]
    [InlineData("\"acid\"", "\"acid\"")]
    [InlineData("{\"b\":1,\"a\":\"x\"}", "{\"a\":\"x\",\"b\":1}")]
    [InlineData("{\"b\":1,\"a\":[1,\"x\"]}", "{\"a\":[1,\"x\"],\"b\":1}")]
    [InlineData("[1,\"<none>\",{\"z\":null,\"y\":2.5}]", "[1,\"\\u003cnone\\u003e\",{\"y\":2.5,\"z\":null}]")]
    [InlineData("{\"k\":\"a\\u0001\\u0007\\t&\"}", "{\"k\":\"a\\u0001\\u0007\\t\\u0026\"}")]
    [InlineData("{\"big\":1e21,\"small\":1e-7,\"mid\":1234567.0}", "{\"big\":1e+21,\"mid\":1234567,\"small\":1e-7}")]
    [InlineData("[\"\\b\\f\\n\\r\\\"\\\\/\"]", "[\"\\b\\f\\n\\r\\\"\\\\/\"]")]
    [InlineData("[\"é\\u2028\\u2029😀\"]", "[\"é\\u2028\\u2029😀\"]")]
    [InlineData("{\"😀\":1,\"\\ue000\":2,\"<\":3}", "{\"\\u003c\":3,\"\ue000\":2,\"😀\":1}")]
    public void Marshal_writes_what_json_Marshal_does(string json, string expected) =>
        GoJson.Marshal(JsonNode.Parse(json)).Should().Be(expected);

    [Fact]
    public void Created_values_marshal_as_their_json_text_would()
    {
        GoJson.Marshal(new JsonObject { ["n"] = 5, ["f"] = 2.5, ["s"] = "a\ud800" }).Should().Be("{\"f\":2.5,\"n\":5,\"s\":\"a\ufffd\"}");
        var builder = new StringBuilder("x=");
        GoJson.Append(builder, new JsonArray(1, "<"));
        builder.ToString().Should().Be("x=[1,\"\\u003c\"]");
    }

    // The word in "json: cannot unmarshal X into Go value of type T" (encoding/json's UnmarshalTypeError).
    [Theory]
    [InlineData("{}", "object")]
    [InlineData("[]", "array")]
    [InlineData("\"s\"", "string")]
    [InlineData("1", "number")]
    [InlineData("1.5", "number")]
    [InlineData("false", "bool")]
    [InlineData("null", "null")]
    public void TypeName_is_the_unmarshal_error_word(string json, string expected) =>
        GoJson.TypeName(JsonNode.Parse(json)).Should().Be(expected);
}
