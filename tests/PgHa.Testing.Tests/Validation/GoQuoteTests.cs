using PgHa.Testing.Validation;

namespace PgHa.Testing.Tests.Validation;

public sealed class GoQuoteTests
{
    [Theory]
    // Go's strconv.Quote, as kube's %q prints bad values.
    [InlineData("abc", "\"abc\"")]
    [InlineData("", "\"\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("\n\t\r", "\"\\n\\t\\r\"")]
    [InlineData("\a\b\f\v", "\"\\a\\b\\f\\v\"")]
    [InlineData("\0", "\"\\x00\"")]
    [InlineData("\u007f", "\"\\x7f\"")]
    [InlineData("é", "\"é\"")]
    [InlineData("함", "\"함\"")]
    [InlineData("\u00a0", "\"\\u00a0\"")]
    [InlineData("\u200b", "\"\\u200b\"")]
    [InlineData("\ue000", "\"\\ue000\"")]
    [InlineData("😀", "\"😀\"")]
    [InlineData("\U000F0000", "\"\\U000f0000\"")]
    public void Quotes_like_go(string value, string quoted) => GoQuote.Quote(value).Should().Be(quoted);
}
