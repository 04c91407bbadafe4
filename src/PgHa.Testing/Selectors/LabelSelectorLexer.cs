namespace PgHa.Testing.Selectors;

/// <summary>
/// Kube's label selector lexer (k8s.io/apimachinery/pkg/labels <c>Lexer</c>): words, the keywords
/// <c>in</c>/<c>notin</c>, and the symbols <c>= == != ! ( ) , &gt; &lt;</c>, the longest symbol first.
/// </summary>
/// <remarks>
/// Like kube's, it reads a NUL character as the end of the input where a token should start, and swallows
/// one that ends a word or a symbol.
/// </remarks>
internal static class LabelSelectorLexer
{
    /// <summary>All tokens of <paramref name="text"/>, ending with <see cref="LabelSelectorToken.EndOfString"/>.</summary>
    public static List<(LabelSelectorToken Token, string Literal)> Scan(string text)
    {
        var items = new List<(LabelSelectorToken Token, string Literal)>();
        var position = 0;
        while (true)
        {
            var item = Lex(text, ref position);
            items.Add(item);
            if (item.Token == LabelSelectorToken.EndOfString)
            {
                return items;
            }
        }
    }

    private static (LabelSelectorToken Token, string Literal) Lex(string text, ref int position)
    {
        var c = Read(text, ref position);
        while (IsWhitespace(c))
        {
            c = Read(text, ref position);
        }

        if (c == '\0')
        {
            return (LabelSelectorToken.EndOfString, "");
        }

        return IsSpecial(c) ? LexSymbol(text, c, ref position) : LexWord(text, position - 1, ref position);
    }

    private static (LabelSelectorToken, string) LexSymbol(string text, char first, ref int position)
    {
        (LabelSelectorToken, string) item;
        if (first is '=' or '!' && position < text.Length && text[position] == '=')
        {
            position++;
            item = first == '=' ? (LabelSelectorToken.DoubleEquals, "==") : (LabelSelectorToken.NotEquals, "!=");
        }
        else
        {
            item = first switch
            {
                '=' => (LabelSelectorToken.SingleEquals, "="),
                '!' => (LabelSelectorToken.Bang, "!"),
                '(' => (LabelSelectorToken.OpenParen, "("),
                ')' => (LabelSelectorToken.ClosedParen, ")"),
                ',' => (LabelSelectorToken.Comma, ","),
                '>' => (LabelSelectorToken.GreaterThan, ">"),
                _ => (LabelSelectorToken.LessThan, "<"),
            };
        }

        // Kube's symbol scanner stops on a NUL by reading it, so a NUL right after a symbol is swallowed.
        if (position < text.Length && text[position] == '\0')
        {
            position++;
        }

        return item;
    }

    private static (LabelSelectorToken, string) LexWord(string text, int start, ref int position)
    {
        var end = start;
        while (end < text.Length && text[end] != '\0' && !IsSpecial(text[end]) && !IsWhitespace(text[end]))
        {
            end++;
        }

        // Like kube, a NUL ending the word is consumed; a symbol or whitespace is left for the next token.
        position = end < text.Length && text[end] == '\0' ? end + 1 : end;
        var word = text[start..end];
        return word switch
        {
            "in" => (LabelSelectorToken.In, word),
            "notin" => (LabelSelectorToken.NotIn, word),
            _ => (LabelSelectorToken.Identifier, word),
        };
    }

    // Kube's lexer reads a NUL at the end of the input.
    private static char Read(string text, ref int position) => position < text.Length ? text[position++] : '\0';

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsSpecial(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';
}
