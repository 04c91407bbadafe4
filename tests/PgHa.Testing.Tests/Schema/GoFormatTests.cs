using System.Text.Json.Nodes;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Tests.Schema;

// Expected strings are what Go prints: fmt %v of float64 (strconv 'g', shortest) and strconv.Quote.
public sealed class GoFormatTests
{
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(1.5, "1.5")]
    [InlineData(100000.0, "100000")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0, "0")]
    public void Float_prints_like_go_percent_v(double value, string expected) => GoFormat.Float(value).Should().Be(expected);

    [Theory]
    [InlineData("abc", "\"abc\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("tab\there", "\"tab\\there\"")]
    [InlineData("\u0001", "\"\\x01\"")]
    [InlineData("héllo", "\"héllo\"")]
    public void Quote_escapes_like_strconv_Quote(string value, string expected) => GoFormat.Quote(value).Should().Be(expected);

    [Theory]
    [InlineData("\"x\"", "\"x\"")]
    [InlineData("5", "5")]
    [InlineData("2.5", "2.5")]
    [InlineData("true", "true")]
    [InlineData("{\"b\":1,\"a\":[1,\"x\"]}", "{\"a\":[1,\"x\"],\"b\":1}")]
    public void Value_renders_bad_values_like_field_errors(string json, string expected) => GoFormat.Value(JsonNode.Parse(json)).Should().Be(expected);
}
