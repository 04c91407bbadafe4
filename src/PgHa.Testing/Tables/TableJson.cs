using System.Text.Json;
using System.Text.Json.Nodes;
using PgHa.Testing.Go;

namespace PgHa.Testing.Tables;

/// <summary>
/// Lenient readers over stored objects: a missing or mistyped field reads as Go's zero value, as it would after kube
/// decoded the object into its typed struct.
/// </summary>
internal static class TableJson
{
    public static JsonObject? GetObject(JsonObject? parent, string name) =>
        parent is not null && parent.TryGetPropertyValue(name, out var node) ? node as JsonObject : null;

    public static JsonArray? GetArray(JsonObject? parent, string name) =>
        parent is not null && parent.TryGetPropertyValue(name, out var node) ? node as JsonArray : null;

    /// <summary>The string value of a field, or null when absent or not a string.</summary>
    public static string? GetString(JsonObject? parent, string name) =>
        parent is not null && parent.TryGetPropertyValue(name, out var node) ? AsString(node) : null;

    /// <summary>The string value of a field, or "" (Go's zero string).</summary>
    public static string GetStringOrEmpty(JsonObject? parent, string name) => GetString(parent, name) ?? string.Empty;

    public static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>An integer field, or 0 when absent, null or not an integer.</summary>
    public static long GetInt64(JsonObject? parent, string name) =>
        parent is not null && parent.TryGetPropertyValue(name, out var node) && TryGetInteger(node, out var value) ? value : 0;

    /// <summary>A boolean field, or false when absent or not a boolean.</summary>
    public static bool GetBoolean(JsonObject? parent, string name) =>
        parent is not null && parent.TryGetPropertyValue(name, out var node) && node is JsonValue value &&
        value.GetValueKind() == JsonValueKind.True;

    /// <summary>True when <paramref name="parent"/> has <paramref name="name"/> set to a non-null value (a Go pointer that is not nil).</summary>
    public static bool Has(JsonObject? parent, string name) =>
        parent is not null && parent.TryGetPropertyValue(name, out var node) && node is not null;

    /// <summary>Number of properties of an object field (a Go map's <c>len</c>); 0 when absent.</summary>
    public static int CountProperties(JsonObject? parent, string name) => GetObject(parent, name)?.Count ?? 0;

    /// <summary>
    /// True when <paramref name="node"/> is a JSON number that Go's unstructured decoding keeps as <c>int64</c>
    /// (an integer token that fits), false for fractions, exponents and everything that is not a number. Unlike
    /// <see cref="GoValues.TryGetInt64"/>, values created in code keep their CLR kind: the JSONPath parser's literals
    /// are typed as client-go types them (<c>1</c> an int, <c>1.0</c> a float64 that never equals it).
    /// </summary>
    public static bool TryGetInteger(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue jsonValue || jsonValue.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        if (jsonValue.TryGetValue(out JsonElement _))
        {
            return GoValues.TryGetInt64(jsonValue, out value);
        }

        if (jsonValue.TryGetValue(out long l))
        {
            value = l;
            return true;
        }

        if (jsonValue.TryGetValue(out int i))
        {
            value = i;
            return true;
        }

        if (jsonValue.TryGetValue(out short s))
        {
            value = s;
            return true;
        }

        if (jsonValue.TryGetValue(out uint u))
        {
            value = u;
            return true;
        }

        return false;
    }

    /// <summary>The numeric value of any JSON number, as a double.</summary>
    public static bool TryGetDouble(JsonNode? node, out double value)
    {
        value = 0;
        if (node is not JsonValue jsonValue || jsonValue.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        if (TryGetInteger(node, out var integer))
        {
            value = integer;
            return true;
        }

        if (jsonValue.TryGetValue(out JsonElement element))
        {
            return element.TryGetDouble(out value);
        }

        value = GoValues.ToDouble(jsonValue);
        return true;
    }
}
