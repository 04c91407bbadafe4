using System.Globalization;
using System.Text;

namespace PgHa.Testing.Go;

/// <summary>
/// Go's <c>strconv.Quote</c> (what <c>%q</c> and <c>%#v</c> print for a string), which kube uses for bad values,
/// names and parse errors in its messages (go/src/strconv/quote.go, <c>appendQuotedWith</c> and <c>appendEscapedRune</c>).
/// </summary>
internal static class GoStrings
{
    /// <summary>Go's <c>strconv.Quote</c>.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (IsPlain(value))
        {
            return string.Concat("\"", value, "\"");
        }

        var builder = new StringBuilder(value.Length + 8);
        AppendQuoted(builder, value);
        return builder.ToString();
    }

    /// <summary>Go's <c>strconv.AppendQuote</c>: <see cref="Quote"/> written into <paramref name="builder"/>.</summary>
    public static void AppendQuoted(StringBuilder builder, string value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(value);
        builder.Append('"');
        if (IsPlain(value))
        {
            builder.Append(value);
        }
        else
        {
            // A lone surrogate enumerates as U+FFFD, which is what Go holds after decoding the same JSON text.
            foreach (var rune in value.EnumerateRunes())
            {
                AppendRune(builder, rune);
            }
        }

        builder.Append('"');
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static bool IsPrint(Rune rune)
    {
        if (rune.Value < 0x80)
        {
            return rune.Value >= ' ' && rune.Value <= '~';
        }

        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.SpaceSeparator:
            case UnicodeCategory.LineSeparator:
            case UnicodeCategory.ParagraphSeparator:
            case UnicodeCategory.Control:
            case UnicodeCategory.Format:
            case UnicodeCategory.Surrogate:
            case UnicodeCategory.PrivateUse:
            case UnicodeCategory.OtherNotAssigned:
                return false;
            default:
                return true;
        }
    }

    // The common case (printable ASCII without quotes or backslashes) needs no escaping at all.
    private static bool IsPlain(string value)
    {
        foreach (var c in value)
        {
            if (c < ' ' || c > '~' || c == '"' || c == '\\')
            {
                return false;
            }
        }

        return true;
    }

    private static void AppendRune(StringBuilder builder, Rune rune)
    {
        var value = rune.Value;
        if (value is '"' or '\\')
        {
            builder.Append('\\').Append((char)value);
            return;
        }

        if (IsPrint(rune))
        {
            if (rune.IsBmp)
            {
                builder.Append((char)value);
            }
            else
            {
                builder.Append(rune.ToString());
            }

            return;
        }

        var shortForm = value switch
        {
            '\a' => "\\a",
            '\b' => "\\b",
            '\f' => "\\f",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\v' => "\\v",
            _ => null,
        };
        if (shortForm is not null)
        {
            builder.Append(shortForm);
        }
        else if (value < ' ' || value == 0x7F)
        {
            builder.Append("\\x").Append(value.ToString("x2", CultureInfo.InvariantCulture));
        }
        else if (value < 0x10000)
        {
            builder.Append("\\u").Append(value.ToString("x4", CultureInfo.InvariantCulture));
        }
        else
        {
            builder.Append("\\U").Append(value.ToString("x8", CultureInfo.InvariantCulture));
        }
    }
}
