using System.Text;
using PgHa.Testing.Go;

namespace PgHa.Testing.Tests.Go;

// Expected texts are Go's strconv.Quote (go/src/strconv/quote.go: \a \b \f \n \r \t \v short forms, \xXX below the
// space and for DEL, \uXXXX / \UXXXXXXXX for other runes unicode.IsPrint refuses), as kube's %q prints bad values.
public sealed class GoStringsTests
{
    [Theory]
    [InlineData("abc", "\"abc\"")]
    [InlineData("foo", "\"foo\"")]
    [InlineData("", "\"\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("a\"b\\c\n", "\"a\\\"b\\\\c\\n\"")]
    [InlineData("tab\there", "\"tab\\there\"")]
    [InlineData("\n\t\r", "\"\\n\\t\\r\"")]
    [InlineData("\a\b\f\v", "\"\\a\\b\\f\\v\"")]
    [InlineData("\a\v\u0001\u007f<", "\"\\a\\v\\x01\\x7f<\"")]
    [InlineData("\0", "\"\\x00\"")]
    [InlineData("\u0001", "\"\\x01\"")]
    [InlineData("\u007f", "\"\\x7f\"")]
    [InlineData("é", "\"é\"")]
    [InlineData("héllo", "\"héllo\"")]
    [InlineData("함", "\"함\"")]
    [InlineData("\u0085", "\"\\u0085\"")]
    [InlineData("\u00a0", "\"\\u00a0\"")]
    [InlineData("\u00ad", "\"\\u00ad\"")]
    [InlineData("\u200b", "\"\\u200b\"")]
    [InlineData("\u2028", "\"\\u2028\"")]
    [InlineData("\ue000", "\"\\ue000\"")]
    [InlineData("😀", "\"😀\"")]
    [InlineData("\U000F0000", "\"\\U000f0000\"")]
    public void Quotes_like_strconv_Quote(string value, string quoted)
    {
        GoStrings.Quote(value).Should().Be(quoted);
        var builder = new StringBuilder("x=");
        GoStrings.AppendQuoted(builder, value);
        builder.ToString().Should().Be("x=" + quoted);
    }

    // Go holds U+FFFD where the JSON text had a lone surrogate (encoding/json's decoder replaces it), and prints it as is.
    [Fact]
    public void A_lone_surrogate_quotes_as_the_replacement_character() =>
        GoStrings.Quote("a\ud800b").Should().Be("\"a\ufffdb\"");
}
