using System.Text.Json;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Tests.Selectors;

/// <summary>Labels in both shapes the store holds: parsed (JsonElement-backed) and built in code (CLR-backed).</summary>
internal static class LabelJson
{
    public static JsonObject? Parsed(string? json) => json is null ? null : JsonNode.Parse(json)!.AsObject();

    public static JsonObject? Built(string? json)
    {
        if (Parsed(json) is not { } parsed)
        {
            return null;
        }

        var built = new JsonObject();
        foreach (var (key, node) in parsed)
        {
            built[key] = node?.GetValueKind() switch
            {
                null => null,
                JsonValueKind.String => JsonValue.Create(node.GetValue<string>()),
                JsonValueKind.Number => JsonValue.Create(node.GetValue<double>()),
                _ => node.DeepClone(),
            };
        }

        return built;
    }
}
