using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>
/// Renders a decoded JSON value as client-go's <c>JSONPath.PrintResults</c> does for a <c>string</c> printer column:
/// scalars through Go's <c>fmt.Fprint</c>, maps and slices through <c>encoding/json.Marshal</c> (sorted keys, HTML-safe).
/// </summary>
internal static class GoText
{
    /// <summary>What Go's template printer shows for a nil value (<c>template.PrintableValue</c>).</summary>
    public const string NoValue = "<no value>";

    public static string Print(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return NoValue;
            case JsonObject or JsonArray:
                var builder = new StringBuilder();
                AppendJson(builder, node);
                return builder.ToString();
        }

        var value = (JsonValue)node;
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return value.GetValue<string>();
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            case JsonValueKind.Number:
                if (TableJson.TryGetInteger(value, out var integer))
                {
                    return integer.ToString(CultureInfo.InvariantCulture);
                }

                return TableJson.TryGetDouble(value, out var number) ? FormatFloat(number, json: false) : value.ToJsonString();
            default:
                return NoValue;
        }
    }

    /// <summary>
    /// Go's float64 text: <c>fmt</c>'s <c>%v</c> (strconv <c>'g'</c>, shortest; exponent when it is below -4 or at least 6)
    /// or, for <paramref name="json"/>, <c>encoding/json</c> (<c>'f'</c> unless below 1e-6 or at least 1e21, <c>e-07</c> cleaned to <c>e-7</c>).
    /// </summary>
    public static string FormatFloat(double value, bool json)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) && !json ? "-0" : "0";
        }

        // .NET's "R" is the shortest text that round-trips, the same digits Go's shortest formatting picks.
        var (digits, pointPosition) = ShortestDigits(Math.Abs(value));
        var exponent = pointPosition - 1;
        var useExponent = json ? Math.Abs(value) < 1e-6 || Math.Abs(value) >= 1e21 : exponent < -4 || exponent >= 6;
        var builder = new StringBuilder();
        if (value < 0)
        {
            builder.Append('-');
        }

        if (useExponent)
        {
            builder.Append(digits[0]);
            if (digits.Length > 1)
            {
                builder.Append('.').Append(digits, 1, digits.Length - 1);
            }

            builder.Append('e').Append(exponent < 0 ? '-' : '+');
            var magnitude = Math.Abs(exponent);
            if (magnitude < 10 && !json)
            {
                builder.Append('0');
            }

            builder.Append(magnitude.ToString(CultureInfo.InvariantCulture));
            return builder.ToString();
        }

        if (pointPosition <= 0)
        {
            builder.Append("0.").Append('0', -pointPosition).Append(digits);
        }
        else if (pointPosition >= digits.Length)
        {
            builder.Append(digits).Append('0', pointPosition - digits.Length);
        }
        else
        {
            builder.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
        }

        return builder.ToString();
    }

    /// <summary>Go's <c>strconv.Quote</c> (what <c>%q</c> and <c>%#v</c> print for a string).</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2);
        AppendQuoted(builder, text, json: false);
        return builder.ToString();
    }

    /// <summary>Go's <c>json.Marshal</c> of a decoded value, keys sorted as Go sorts <c>map[string]interface{}</c>.</summary>
    public static void AppendJson(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                return;
            case JsonObject obj:
                var keys = new List<string>(obj.Count);
                foreach (var property in obj)
                {
                    keys.Add(property.Key);
                }

                keys.Sort(StringComparer.Ordinal);
                builder.Append('{');
                for (var i = 0; i < keys.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    AppendQuoted(builder, keys[i], json: true);
                    builder.Append(':');
                    AppendJson(builder, obj[keys[i]]);
                }

                builder.Append('}');
                return;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    AppendJson(builder, array[i]);
                }

                builder.Append(']');
                return;
        }

        var value = (JsonValue)node;
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                AppendQuoted(builder, value.GetValue<string>(), json: true);
                break;
            case JsonValueKind.Number when TableJson.TryGetInteger(value, out var integer):
                builder.Append(integer.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.Number when TableJson.TryGetDouble(value, out var number):
                builder.Append(FormatFloat(number, json: true));
                break;
            default:
                builder.Append(value.ToJsonString());
                break;
        }
    }

    /// <summary>
    /// A double-quoted Go string: <c>encoding/json</c>'s escaping (HTML-safe, <c>\u00XX</c> for other controls) when
    /// <paramref name="json"/>, else <c>strconv.Quote</c>'s (<c>\a</c> and <c>\v</c> short forms, <c>\xXX</c> for other controls).
    /// </summary>
    private static void AppendQuoted(StringBuilder builder, string text, bool json)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            var shortForm = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                '\a' when !json => "\\a",
                '\v' when !json => "\\v",
                _ => null,
            };
            if (shortForm is not null)
            {
                builder.Append(shortForm);
            }
            else if (json && (c < 0x20 || c is '<' or '>' or '&' or '\u2028' or '\u2029'))
            {
                // encoding/json also escapes HTML-significant characters and the JavaScript line separators.
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else if (!json && (c < 0x20 || c == 0x7f))
            {
                builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        builder.Append('"');
    }

    private static (string Digits, int PointPosition) ShortestDigits(double magnitude)
    {
        var text = magnitude.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text.Substring(0, e);
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot < 0 ? text.Length : dot;
        var all = dot < 0 ? text : string.Concat(text.AsSpan(0, dot), text.AsSpan(dot + 1));
        var leadingZeros = 0;
        while (leadingZeros < all.Length - 1 && all[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        var digits = all.Substring(leadingZeros).TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, integerDigits - leadingZeros + exponent);
    }
}
