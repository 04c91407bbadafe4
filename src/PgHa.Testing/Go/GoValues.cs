using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Go;

/// <summary>
/// JSON nodes seen as the <c>interface{}</c> values kube's unstructured decoding makes of them (<see cref="GoKind"/>),
/// compared with Go's <c>==</c> and printed with <c>fmt</c>'s <c>%v</c> and <c>%s</c> (go/src/fmt/print.go), so
/// messages read as kube-apiserver's do, e.g. <c>map: map[image:nginx] does not contain declared merge key: name</c>.
/// </summary>
internal static class GoValues
{
    public static GoKind KindOf(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return GoKind.Nil;
            case JsonObject:
                return GoKind.Map;
            case JsonArray:
                return GoKind.Slice;
        }

        var value = node.AsValue();
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return GoKind.String;
            case JsonValueKind.True:
            case JsonValueKind.False:
                return GoKind.Bool;
            case JsonValueKind.Number:
                return TryGetInt64(value, out _) ? GoKind.Int64 : GoKind.Float64;
            default:
                return GoKind.Nil;
        }
    }

    /// <summary>Go's <c>==</c> on two decoded values; maps and slices never compare equal (Go would panic).</summary>
    public static bool ScalarEquals(JsonNode? left, JsonNode? right)
    {
        var kind = KindOf(left);
        if (kind != KindOf(right))
        {
            return false;
        }

        switch (kind)
        {
            case GoKind.Nil:
                return true;
            case GoKind.String:
                return string.Equals(left!.GetValue<string>(), right!.GetValue<string>(), StringComparison.Ordinal);
            case GoKind.Bool:
                return left!.GetValueKind() == right!.GetValueKind();
            case GoKind.Int64:
                return ToInt64(left!.AsValue()) == ToInt64(right!.AsValue());
            case GoKind.Float64:
                return ToDouble(left!.AsValue()).Equals(ToDouble(right!.AsValue()));
            default:
                return false;
        }
    }

    /// <summary>The name <c>reflect.TypeOf(v)</c> prints for a decoded value, or null for a nil interface.</summary>
    public static string? TypeName(GoKind kind) => kind switch
    {
        GoKind.Map => "map[string]interface {}",
        GoKind.Slice => "[]interface {}",
        GoKind.String => "string",
        GoKind.Int64 => "int64",
        GoKind.Float64 => "float64",
        GoKind.Bool => "bool",
        _ => null,
    };

    /// <summary>
    /// True when the number is an <see cref="GoKind.Int64"/>: kube decodes with "preserve ints", so a number whose text
    /// parses as an int64 stays one (as Go's <c>strconv.ParseInt</c> needs: not <c>1.0</c>, not <c>1e2</c>) and any other
    /// becomes float64. Values built in code (not parsed) are judged by the text they serialise to, as Go would see them.
    /// </summary>
    public static bool TryGetInt64(JsonValue value, out long result)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.TryGetValue(out JsonElement element))
        {
            return element.TryGetInt64(out result);
        }

        if (value.TryGetValue(out long l))
        {
            result = l;
            return true;
        }

        if (value.TryGetValue(out int i))
        {
            result = i;
            return true;
        }

        if (value.TryGetValue(out double d))
        {
            // The shortest round-trip text, as the serialiser writes it, without allocating.
            Span<char> text = stackalloc char[32];
            d.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
            return long.TryParse(text[..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
        }

        return long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
    }

    /// <summary>The value of a number of kind <see cref="GoKind.Int64"/>.</summary>
    public static long ToInt64(JsonValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return TryGetInt64(value, out var result)
            ? result
            : throw new InvalidOperationException("Not an int64: " + value.ToJsonString());
    }

    /// <summary>The value of any number, as the float64 Go would decode it to.</summary>
    public static double ToDouble(JsonValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.TryGetValue(out JsonElement element))
        {
            // Out of float64's range (1e400): Go's decoder refuses it; .NET's parse gives the infinity.
            return element.TryGetDouble(out var parsed)
                ? parsed
                : double.Parse(element.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return value.TryGetValue(out double d) ? d : double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>Go's <c>%v</c>: maps as <c>map[k:v]</c> with sorted keys, slices as <c>[a b]</c>, nil as <c>&lt;nil&gt;</c>.</summary>
    public static string FormatV(JsonNode? node)
    {
        var builder = new StringBuilder();
        Append(builder, node, verbS: false);
        return builder.ToString();
    }

    /// <summary>Go's <c>%s</c>: strings as they are, other scalars as <c>%!s(int64=1)</c>, nil as <c>%!s(&lt;nil&gt;)</c>.</summary>
    public static string FormatS(JsonNode? node)
    {
        var builder = new StringBuilder();
        Append(builder, node, verbS: true);
        return builder.ToString();
    }

    /// <summary>Go's <c>%v</c> of a <c>[]interface{}</c> holding <paramref name="items"/>.</summary>
    public static string FormatSlice(IList<JsonNode?> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var builder = new StringBuilder();
        AppendSlice(builder, items, verbS: false);
        return builder.ToString();
    }

    /// <summary>Go's <c>%v</c> of a <c>[][]interface{}</c> holding the two lists.</summary>
    public static string FormatSlices(IList<JsonNode?> first, IList<JsonNode?> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var builder = new StringBuilder("[");
        AppendSlice(builder, first, verbS: false);
        builder.Append(' ');
        AppendSlice(builder, second, verbS: false);
        return builder.Append(']').ToString();
    }

    private static void AppendSlice(StringBuilder builder, IList<JsonNode?> items, bool verbS)
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
        var kind = KindOf(node);
        switch (kind)
        {
            case GoKind.Map:
                AppendMap(builder, node!.AsObject(), verbS);
                return;
            case GoKind.Slice:
                AppendSlice(builder, node!.AsArray(), verbS);
                return;
            case GoKind.String:
                builder.Append(node!.GetValue<string>());
                return;
            case GoKind.Nil:
                builder.Append(verbS ? "%!s(<nil>)" : "<nil>");
                return;
        }

        // A wrong verb prints the type and the value as %v would (fmt's badVerb).
        if (verbS)
        {
            builder.Append("%!s(").Append(TypeName(kind)).Append('=');
        }

        switch (kind)
        {
            case GoKind.Int64:
                builder.Append(ToInt64(node!.AsValue()).ToString(CultureInfo.InvariantCulture));
                break;
            case GoKind.Float64:
                GoFloats.Append(builder, ToDouble(node!.AsValue()), json: false);
                break;
            default:
                builder.Append(node!.GetValueKind() == JsonValueKind.True ? "true" : "false");
                break;
        }

        if (verbS)
        {
            builder.Append(')');
        }
    }

    /// <summary>A map's keys in the order <c>fmt</c> and <c>encoding/json</c> print them: sorted by Go's string <c>&lt;</c>.</summary>
    public static string[] SortedKeys(JsonObject map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var keys = new string[map.Count];
        var i = 0;
        foreach (var property in map)
        {
            keys[i++] = property.Key;
        }

        Array.Sort(keys, Utf8OrdinalComparer.Instance);
        return keys;
    }

    private static void AppendMap(StringBuilder builder, JsonObject map, bool verbS)
    {
        var keys = SortedKeys(map);
        builder.Append("map[");
        for (var i = 0; i < keys.Length; i++)
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
