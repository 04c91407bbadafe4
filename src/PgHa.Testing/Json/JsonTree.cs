using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Json;

/// <summary>Small, allocation-aware accessors for the JSON trees the server stores.</summary>
internal static class JsonTree
{
    // Quotes as \" (not \u0022) and non-ASCII as is, as Go's encoder writes them; any JSON reader accepts both.
    public static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Options for hand-written responses, with the same escaping as <see cref="WriteOptions"/>.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>The object at <c>obj[name]</c>, or null when absent or not an object.</summary>
    public static JsonObject? Object(this JsonObject? obj, string name) =>
        obj is not null && obj.TryGetPropertyValue(name, out var node) ? node as JsonObject : null;

    /// <summary>The array at <c>obj[name]</c>, or null when absent or not an array.</summary>
    public static JsonArray? Array(this JsonObject? obj, string name) =>
        obj is not null && obj.TryGetPropertyValue(name, out var node) ? node as JsonArray : null;

    /// <summary>The string at <c>obj[name]</c>, or null when absent or not a string.</summary>
    public static string? String(this JsonObject? obj, string name)
    {
        if (obj is null || !obj.TryGetPropertyValue(name, out var node) || node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
    }

    /// <summary>The boolean at <c>obj[name]</c>, or null when absent or not a boolean.</summary>
    public static bool? Boolean(this JsonObject? obj, string name)
    {
        if (obj is null || !obj.TryGetPropertyValue(name, out var node) || node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
    }

    /// <summary>The integer at <c>obj[name]</c>, or null when absent or not an integral number.</summary>
    public static long? Int64(this JsonObject? obj, string name)
    {
        if (obj is null || !obj.TryGetPropertyValue(name, out var node) || node is not JsonValue value ||
            value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        return value.TryGetValue<long>(out var l) ? l
            : value.TryGetValue<int>(out var i) ? i
            : value.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15 ? (long)d
            : null;
    }

    /// <summary>The object at <c>obj[name]</c>, created (and attached) when absent or not an object.</summary>
    public static JsonObject GetOrAddObject(this JsonObject obj, string name)
    {
        if (obj.TryGetPropertyValue(name, out var node) && node is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        obj[name] = created;
        return created;
    }

    /// <summary>Sets a string member, or removes it when <paramref name="value"/> is null.</summary>
    public static void SetOrRemove(this JsonObject obj, string name, string? value)
    {
        if (value is null)
        {
            obj.Remove(name);
        }
        else
        {
            obj[name] = value;
        }
    }

    /// <summary>Metadata of a Kubernetes object (created when absent).</summary>
    public static JsonObject Metadata(this JsonObject obj) => obj.GetOrAddObject("metadata");

    /// <summary>A string-to-string map (labels, annotations) as a dictionary, or an empty one.</summary>
    public static Dictionary<string, string> StringMap(this JsonObject? map)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (map is null)
        {
            return result;
        }

        foreach (var (key, value) in map)
        {
            if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                result[key] = v.GetValue<string>();
            }
        }

        return result;
    }

    /// <summary>Parses JSON this server wrote into a fully built tree, safe for concurrent readers.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8Json) => JsonNode.Parse(utf8Json)?.DeepClone();

    /// <summary>Serializes a node to UTF-8 JSON.</summary>
    public static byte[] ToUtf8(this JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, WriteOptions);

    /// <summary>Structural equality of two JSON trees (numbers compared by value).</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(a, b);
}
