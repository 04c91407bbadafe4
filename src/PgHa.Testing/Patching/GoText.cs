using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Patching;

/// <summary>
/// Renders decoded JSON values as Go's <c>fmt</c> does (<c>%v</c>, <c>%s</c>, <c>%q</c>), so error messages carry the
/// same text kube-apiserver's would (e.g. <c>map: map[image:nginx] does not contain declared merge key: name</c>).
/// </summary>
internal static class GoText
{
    /// <summary>Go's <c>%v</c>.</summary>
    public static string Format(JsonNode? node)
    {
        var builder = new StringBuilder();
        Append(builder, node, verbS: false);
        return builder.ToString();
    }

    /// <summary>Go's <c>%s</c>: strings as they are, other values as <c>%!s(type=value)</c>.</summary>
    public static string FormatS(JsonNode? node)
    {
        var builder = new StringBuilder();
        Append(builder, node, verbS: true);
        return builder.ToString();
    }

    /// <summary>Go's <c>%v</c> of a <c>[][]interface{}</c> holding the given lists.</summary>
    public static string FormatLists(IList<JsonNode?> first, IList<JsonNode?> second)
    {
        var builder = new StringBuilder("[");
        AppendList(builder, first, verbS: false);
        builder.Append(' ');
        AppendList(builder, second, verbS: false);
        return builder.Append(']').ToString();
    }

    public static string FormatList(IList<JsonNode?> items)
    {
        var builder = new StringBuilder();
        AppendList(builder, items, verbS: false);
        return builder.ToString();
    }

    /// <summary>Go's <c>strconv.Quote</c> / <c>%q</c> for the characters JSON strings can hold.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (c < ' ' || c == '\u007f')
                    {
                        builder.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Go's <c>%v</c> of a <c>float64</c> (<c>%g</c>, shortest digits): exponent form below 1e-4 or from 1e6.</summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        // "E16" is not shortest; "R" is, but switches to exponent form at different points than Go, so rebuild.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text.StartsWith('-');
        if (negative)
        {
            text = text[1..];
        }

        var exponentAt = text.IndexOf('E', StringComparison.Ordinal);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var intDigits = point < 0 ? mantissa.Length : point;
        var leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..].TrimEnd('0');
        if (digits.Length == 0)
        {
            return negative ? "-0" : "0";
        }

        // Decimal exponent of the first significant digit.
        var decimalExponent = exponent + intDigits - leadingZeros - 1;
        var builder = new StringBuilder();
        if (negative)
        {
            builder.Append('-');
        }

        if (decimalExponent < -4 || decimalExponent >= 6)
        {
            builder.Append(digits[0]);
            if (digits.Length > 1)
            {
                builder.Append('.').Append(digits, 1, digits.Length - 1);
            }

            builder.Append('e').Append(decimalExponent < 0 ? '-' : '+');
            var magnitude = Math.Abs(decimalExponent);
            builder.Append(magnitude.ToString(magnitude < 10 ? "00" : "0", CultureInfo.InvariantCulture));
        }
        else if (decimalExponent < 0)
        {
            builder.Append("0.").Append('0', -decimalExponent - 1).Append(digits);
        }
        else if (digits.Length <= decimalExponent + 1)
        {
            builder.Append(digits).Append('0', decimalExponent + 1 - digits.Length);
        }
        else
        {
            builder.Append(digits, 0, decimalExponent + 1).Append('.').Append(digits, decimalExponent + 1, digits.Length - decimalExponent - 1);
        }

        return builder.ToString();
    }

    private static void AppendList(StringBuilder builder, IList<JsonNode?> items, bool verbS)
    {
        builder.Append('[');
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            Append(builder, items[i], verbS);
        }

        builder.Append(']');
    }

    private static void Append(StringBuilder builder, JsonNode? node, bool verbS)
    {
        var kind = GoValue.KindOf(node);
        switch (kind)
        {
            case GoKind.Map:
                AppendMap(builder, node!.AsObject(), verbS);
                return;
            case GoKind.Slice:
                AppendList(builder, node!.AsArray(), verbS);
                return;
            case GoKind.String:
                builder.Append(node!.GetValue<string>());
                return;
            case GoKind.Nil:
                builder.Append(verbS ? "%!s(<nil>)" : "<nil>");
                return;
        }

        var text = kind switch
        {
            GoKind.Int64 => GoValue.ToInt64(node!.AsValue()).ToString(CultureInfo.InvariantCulture),
            GoKind.Float64 => FormatFloat(GoValue.ToDouble(node!.AsValue())),
            _ => node!.GetValue<bool>() ? "true" : "false",
        };
        if (verbS)
        {
            builder.Append("%!s(").Append(GoValue.TypeName(kind)).Append('=').Append(text).Append(')');
        }
        else
        {
            builder.Append(text);
        }
    }

    private static void AppendMap(StringBuilder builder, JsonObject map, bool verbS)
    {
        // fmt prints map keys sorted.
        var keys = new string[map.Count];
        var i = 0;
        foreach (var property in map)
        {
            keys[i++] = property.Key;
        }

        Array.Sort(keys, StringComparer.Ordinal);
        builder.Append("map[");
        for (i = 0; i < keys.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(keys[i]).Append(':');
            Append(builder, map[keys[i]], verbS);
        }

        builder.Append(']');
    }
}
