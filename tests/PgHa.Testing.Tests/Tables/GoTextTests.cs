using System.Text.Json.Nodes;
using PgHa.Testing.Tables;

namespace PgHa.Testing.Tests.Tables;

public sealed class GoTextTests
{
    // fmt.Fprint for scalars and encoding/json for maps and slices, as client-go's JSONPath.PrintResults writes a
    // string printer column. Float texts follow Go's strconv 'g' (shortest) rule: exponent below -4 or at least 6.
    [Theory]
    [InlineData("\"acid\"", "acid")]
    [InlineData("2", "2")]
    [InlineData("-7", "-7")]
    [InlineData("1.5", "1.5")]
    [InlineData("1.0", "1")]
    [InlineData("1e3", "1000")]
    [InlineData("123456.0", "123456")]
    [InlineData("1234567.0", "1.234567e+06")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("0.00001", "1e-05")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", "<no value>")]
    [InlineData("{\"b\":1,\"a\":\"x\"}", "{\"a\":\"x\",\"b\":1}")]
    [InlineData("[1,\"<none>\",{\"z\":null,\"y\":2.5}]", "[1,\"\\u003cnone\\u003e\",{\"y\":2.5,\"z\":null}]")]
    [InlineData("{\"k\":\"a\\u0001\\u0007\\t&\"}", "{\"k\":\"a\\u0001\\u0007\\t\\u0026\"}")]
    [InlineData("{\"big\":1e21,\"small\":1e-7,\"mid\":1234567.0}", "{\"big\":1e+21,\"mid\":1234567,\"small\":1e-7}")]
    public void Prints_values_as_client_go_does(string json, string expected) =>
        GoText.Print(JsonNode.Parse(json)).Should().Be(expected);

    [Theory]
    [InlineData(100000000d, false, "1e+08")]
    [InlineData(-2.5d, false, "-2.5")]
    [InlineData(1e20d, true, "100000000000000000000")]
    [InlineData(1.5e-9d, true, "1.5e-9")]
    [InlineData(0.1d, true, "0.1")]
    public void Formats_floats_as_go(double value, bool json, string expected) =>
        GoText.FormatFloat(value, json).Should().Be(expected);

    [Fact]
    public void Created_numbers_keep_their_clr_kind()
    {
        GoText.Print(JsonValue.Create(5)).Should().Be("5");
        GoText.Print(JsonValue.Create(5L)).Should().Be("5");
        GoText.Print(JsonValue.Create(2.5)).Should().Be("2.5");
    }

    [Theory]
    [InlineData("foo", "\"foo\"")]
    [InlineData("a\"b\\c\n", "\"a\\\"b\\\\c\\n\"")]
    [InlineData("\a\v\u0001\u007f<", "\"\\a\\v\\x01\\x7f<\"")]
    public void Quotes_as_go(string text, string expected) => GoText.Quote(text).Should().Be(expected);
}
