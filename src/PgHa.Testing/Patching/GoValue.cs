using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Patching;

/// <summary>Looks at JSON nodes the way Go code holding <c>interface{}</c> values decoded from JSON sees them.</summary>
internal static class GoValue
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
                return IsInteger(value) ? GoKind.Int64 : GoKind.Float64;
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

    public static long ToInt64(JsonValue value)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            return element.GetInt64();
        }

        return long.Parse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    public static double ToDouble(JsonValue value)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            return element.GetDouble();
        }

        return double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    // kube decodes patches with "preserve ints": a number is int64 when its text parses as one, else float64.
    private static bool IsInteger(JsonValue value)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            return element.TryGetInt64(out _);
        }

        // Values built in code (not parsed) are judged by the text they serialise to, as Go would after a round trip.
        return long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
    }
}
