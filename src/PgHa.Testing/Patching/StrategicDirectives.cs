using System.Text.Json.Nodes;

namespace PgHa.Testing.Patching;

/// <summary>
/// The directive keys of a strategic merge patch, and the clean-up of patch values stored in the result, so that no
/// directive ever survives into it.
/// </summary>
internal static class StrategicDirectives
{
    public const string Patch = "$patch";
    public const string Delete = "delete";
    public const string Replace = "replace";
    public const string Merge = "merge";
    public const string RetainKeys = "$retainKeys";
    public const string SetElementOrderPrefix = "$setElementOrder";
    public const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";

    public static bool IsSetElementOrder(string key) => key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal);

    public static bool IsDeleteFromPrimitiveList(string key) => key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal);

    /// <summary>True for a map carrying a <c>$patch</c> directive (<c>containsDirectiveMarker</c>).</summary>
    public static bool HasPatchDirective(JsonNode? node) => node is JsonObject map && map.ContainsKey(Patch);

    /// <summary>The field a <c>$setElementOrder/x</c> or <c>$deleteFromPrimitiveList/x</c> key refers to (<c>extractKey</c>).</summary>
    public static string ExtractKey(string key, string prefix)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || slash != prefix.Length || !key.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw PatchException.BadRequest(string.Equals(prefix, DeleteFromPrimitiveListPrefix, StringComparison.Ordinal)
                ? "invalid patch format of primitive list"
                : "invalid patch format of setElementOrder list");
        }

        return key[(slash + 1)..];
    }

    /// <summary>
    /// A copy of a patch value kube adopts where the original has no counterpart (<c>discardNullValuesFromPatch</c> then
    /// <c>removeDirectives</c>): null map values dropped, maps carrying <c>$patch</c> dropped, other directive keys
    /// dropped (kube leaves those to its typed decoder, which discards them as unknown fields). Returns false when the
    /// value itself is a <c>$patch</c> map and must not be stored at all.
    /// </summary>
    public static bool TryAdopt(JsonNode? value, out JsonNode? cleaned) => TryClean(value, dropDirectiveMaps: true, out cleaned);

    /// <summary>
    /// A copy of a patch value kube stores as sent (a replaced map or list, an appended list element): its typed decoder
    /// then drops the directive fields and null members, so this drops them too but keeps every map.
    /// </summary>
    public static JsonNode? Strip(JsonNode? value)
    {
        TryClean(value, dropDirectiveMaps: false, out var cleaned);
        return cleaned;
    }

    /// <summary><see cref="Strip"/> for a map, which stays a map.</summary>
    public static JsonObject StripMap(JsonObject map) => CleanMap(map, dropDirectiveMaps: false);

    private static bool TryClean(JsonNode? value, bool dropDirectiveMaps, out JsonNode? cleaned)
    {
        switch (value)
        {
            case null:
                cleaned = null;
                return true;
            case JsonObject map:
                // Nulls go first in kube, so "$patch": null is no directive.
                if (dropDirectiveMaps && map.TryGetPropertyValue(Patch, out var directive) && directive is not null)
                {
                    cleaned = null;
                    return false;
                }

                cleaned = CleanMap(map, dropDirectiveMaps);
                return true;
            case JsonArray list:
                var cleanedList = new JsonArray();
                foreach (var item in list)
                {
                    if (TryClean(item, dropDirectiveMaps, out var cleanedItem))
                    {
                        cleanedList.Add(cleanedItem);
                    }
                }

                cleaned = cleanedList;
                return true;
            default:
                cleaned = value.DeepClone();
                return true;
        }
    }

    private static JsonObject CleanMap(JsonObject map, bool dropDirectiveMaps)
    {
        var cleaned = new JsonObject();
        foreach (var (key, item) in map)
        {
            if (item is null || IsDirectiveKey(key))
            {
                continue;
            }

            if (TryClean(item, dropDirectiveMaps, out var cleanedItem))
            {
                cleaned[key] = cleanedItem;
            }
        }

        return cleaned;
    }

    private static bool IsDirectiveKey(string key) =>
        key.Length > 0 && key[0] == '$' &&
        (string.Equals(key, Patch, StringComparison.Ordinal) ||
         string.Equals(key, RetainKeys, StringComparison.Ordinal) ||
         IsSetElementOrder(key) ||
         IsDeleteFromPrimitiveList(key));
}
