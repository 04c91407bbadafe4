using System.Text.Json;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Patching;

/// <summary>
/// Decodes a PATCH request body into nodes the patch engines can use, as kube-apiserver's handler would read it.
/// </summary>
internal static class PatchDocument
{
    /// <summary>Deeper bodies are refused; kube objects stay far below this, and the engines recurse per level.</summary>
    public const int MaxDepth = 512;

    /// <summary>
    /// Parses a body. Invalid JSON is kube's 400 <c>invalid JSON patch</c> (its <c>json.Valid</c> check, for every patch
    /// type). A repeated member keeps its last value, as Go's decoder does; <c>JsonNode.Parse</c>
    /// would instead throw later, on first access.
    /// </summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8Json)
    {
        JsonElement root;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions
            {
                MaxDepth = MaxDepth,
                AllowTrailingCommas = false,
                CommentHandling = JsonCommentHandling.Disallow,
            });
            using var document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                throw PatchException.BadRequest("invalid JSON patch");
            }

            // One clone owns the memory that every value node below refers to.
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw PatchException.BadRequest("invalid JSON patch");
        }

        return Build(root);
    }

    private static JsonNode? Build(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new JsonObject();
                foreach (var property in element.EnumerateObject())
                {
                    map[property.Name] = Build(property.Value);
                }

                return map;
            case JsonValueKind.Array:
                var list = new JsonArray();
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(Build(item));
                }

                return list;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element);
        }
    }
}
