using System.Globalization;
using System.Text;

namespace PgHa.Testing.Tables;

/// <summary>The lexical pieces of client-go's JSONPath parser: slice parameters, filter comparisons, quoted strings.</summary>
internal static class JsonPathText
{
    /// <summary>
    /// client-go's slice operator (<c>^(-?\d*)(:-?\d*)?(:-?\d*)?$</c>) and its parameter rules: a missing end after a
    /// single index is derived as index + 1, other missing parameters are "unknown".
    /// </summary>
    public static JsonPathStep ParseSlice(string text)
    {
        var groups = new string[3];
        var i = 0;
        groups[0] = ReadSigned(text, ref i);
        for (var g = 1; g < 3; g++)
        {
            if (i < text.Length && text[i] == ':')
            {
                i++;
                groups[g] = ":" + ReadSigned(text, ref i);
            }
            else
            {
                groups[g] = string.Empty;
            }
        }

        if (i != text.Length)
        {
            throw new FormatException($"invalid array index {text}");
        }

        var values = new int?[3];
        var derived = false;
        for (var g = 0; g < 3; g++)
        {
            var value = g > 0 && groups[g].Length > 0 ? groups[g].Substring(1) : groups[g];
            if (groups[g].Length > 0)
            {
                if (g > 0 && value.Length == 0)
                {
                    continue;
                }

                if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    throw new FormatException($"array index {value} is not a number");
                }

                values[g] = number;
            }
            else if (g == 1)
            {
                values[1] = (values[0] ?? 0) + 1;
                derived = true;
            }
        }

        return new JsonPathStep(JsonPathStepKind.Slice) { Start = values[0], End = values[1], EndDerived = derived, Step = values[2] };
    }

    /// <summary>
    /// client-go's filter split <c>^([^!&lt;&gt;=]+)([!&lt;&gt;=~]+)(.+?)$</c>: left operand, operator characters, right operand.
    /// False when the text has no comparison (an existence filter).
    /// </summary>
    public static bool TrySplitComparison(string text, out string left, out string op, out string right)
    {
        left = op = right = string.Empty;
        var i = 0;
        while (i < text.Length && text[i] is not ('!' or '<' or '>' or '='))
        {
            i++;
        }

        var opStart = i;
        while (i < text.Length && text[i] is '!' or '<' or '>' or '=' or '~')
        {
            i++;
        }

        if (opStart == 0 || i == opStart || i == text.Length)
        {
            return false;
        }

        left = text.Substring(0, opStart);
        op = text.Substring(opStart, i - opStart);
        right = text.Substring(i);
        return true;
    }

    /// <summary>client-go's <c>UnquoteExtend</c>: Go string unquoting that also accepts single quotes.</summary>
    public static string Unquote(ReadOnlySpan<char> body, char quote)
    {
        if (body.IndexOf('\\') < 0 && body.IndexOf(quote) < 0)
        {
            return body.ToString();
        }

        var builder = new StringBuilder(body.Length);
        var i = 0;
        while (i < body.Length)
        {
            var c = body[i++];
            if (c == quote)
            {
                throw new FormatException("invalid syntax");
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (i >= body.Length)
            {
                throw new FormatException("invalid syntax");
            }

            var e = body[i++];
            switch (e)
            {
                case 'a': builder.Append('\a'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'v': builder.Append('\v'); break;
                case '\\': builder.Append('\\'); break;
                case '\'' or '"' when e == quote: builder.Append(e); break;
                case 'x': AppendCodePoint(builder, body, ref i, 2, 16); break;
                case 'u': AppendCodePoint(builder, body, ref i, 4, 16); break;
                case 'U': AppendCodePoint(builder, body, ref i, 8, 16); break;
                case >= '0' and <= '7':
                    i--;
                    AppendCodePoint(builder, body, ref i, 3, 8);
                    break;
                default:
                    throw new FormatException("invalid syntax");
            }
        }

        return builder.ToString();
    }

    private static string ReadSigned(string text, ref int i)
    {
        var start = i;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return text.Substring(start, i - start);
    }

    private static void AppendCodePoint(StringBuilder builder, ReadOnlySpan<char> body, ref int i, int length, int radix)
    {
        if (i + length > body.Length)
        {
            throw new FormatException("invalid syntax");
        }

        var value = 0;
        for (var k = 0; k < length; k++)
        {
            var digit = HexDigit(body[i + k]);
            if (digit < 0 || digit >= radix)
            {
                throw new FormatException("invalid syntax");
            }

            value = (value * radix) + digit;
        }

        i += length;
        if (value > 0x10FFFF || (radix == 8 && value > 255))
        {
            throw new FormatException("invalid syntax");
        }

        builder.Append(char.ConvertFromUtf32(value >= 0xD800 && value <= 0xDFFF ? 0xFFFD : value));
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
