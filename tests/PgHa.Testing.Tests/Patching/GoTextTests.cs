using System.Text.Json.Nodes;
using PgHa.Testing.Patching;

namespace PgHa.Testing.Tests.Patching;

public sealed class GoTextTests
{
    // Go's fmt %v of a float64 (strconv 'g' with the shortest digits, exponent from 1e6 and below 1e-4).
    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(100000.0, "100000")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(18446744073709551616.0, "1.8446744073709552e+19")]
    [InlineData(123456789.0, "1.23456789e+08")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.5e-7, "-2.5e-07")]
    [InlineData(1e100, "1e+100")]
    [InlineData(0.0, "0")]
    public void Formats_floats_as_go_does(double value, string expected)
    {
        GoText.FormatFloat(value).Should().Be(expected);
    }

    // fmt prints maps with sorted keys and nested values in %v form, as in kube's merge-key errors.
    [Theory]
    [InlineData("""{"value":"b","image":"x"}""", "map[image:x value:b]")]
    [InlineData("""{"a":[1,"s",true,null],"b":{"c":2.5}}""", "map[a:[1 s true <nil>] b:map[c:2.5]]")]
    [InlineData("""[]""", "[]")]
    public void Formats_values_as_gos_percent_v(string json, string expected)
    {
        GoText.Format(JsonNode.Parse(json)).Should().Be(expected);
    }

    [Theory]
    [InlineData("a\"b\\c\n", "\"a\\\"b\\\\c\\n\"")]
    [InlineData("\u0001", "\"\\x01\"")]
    public void Quotes_as_strconv_quote(string value, string expected)
    {
        GoText.Quote(value).Should().Be(expected);
    }
}
