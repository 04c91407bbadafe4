using System.Text.Json.Nodes;
using PgHa.Testing.Go;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Patching;

/// <summary>
/// <c>application/strategic-merge-patch+json</c> as kube-apiserver applies it (<c>strategicpatch.StrategicMergeMapPatch</c>
/// with <c>MergeParallelList</c> and <c>IgnoreUnmatchedNulls</c>), driven by a <see cref="SchemaNode"/> in place of Go
/// struct tags. Inputs are never changed; the result is a new tree.
/// </summary>
internal static class StrategicMergePatch
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="original"/>.</summary>
    /// <param name="original">The stored object.</param>
    /// <param name="patch">The strategic merge patch.</param>
    /// <param name="schema">The object's schema; null merges maps and replaces lists, as kube does for fields without patch metadata.</param>
    /// <exception cref="PatchException">With the status kube would answer for a patch it cannot apply.</exception>
    public static JsonObject Apply(JsonObject original, JsonObject patch, SchemaNode? schema)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(patch);

        // One deep clone, then the merge works in place on it, as kube's mergeMap works in place on its decoded map.
        var result = original.DeepClone().AsObject();
        return MergeMap(result, patch, schema);
    }

    /// <summary>
    /// Applies a decoded request body: JSON <c>null</c> leaves the object unchanged (kube decodes it to a nil map),
    /// anything but an object is a 400 with the Go decoder's message.
    /// </summary>
    public static JsonObject ApplyDocument(JsonObject original, JsonNode? patch, SchemaNode? schema)
    {
        ArgumentNullException.ThrowIfNull(original);
        return patch switch
        {
            null => original.DeepClone().AsObject(),
            JsonObject map => Apply(original, map, schema),
            _ => throw PatchException.BadRequest(
                "json: cannot unmarshal " + GoJson.TypeName(patch) + " into Go value of type map[string]interface {}"),
        };
    }

    /// <summary>
    /// Merges <paramref name="patch"/> into <paramref name="original"/> (a node of the result tree, changed in place) and
    /// returns the merged map, which is a new node when the patch carries a <c>$patch</c> directive.
    /// </summary>
    internal static JsonObject MergeMap(JsonObject original, JsonObject patch, SchemaNode? schema)
    {
        if (patch.TryGetPropertyValue(StrategicDirectives.Patch, out var directive))
        {
            return ApplyMapDirective(directive, patch);
        }

        ApplyRetainKeys(original, patch);
        var ordered = StrategicSetElementOrder.Apply(original, patch, schema);

        foreach (var (patchKey, patchValue) in patch)
        {
            if (StrategicDirectives.IsSetElementOrder(patchKey) ||
                string.Equals(patchKey, StrategicDirectives.RetainKeys, StringComparison.Ordinal) ||
                (ordered is not null && ordered.Contains(patchKey)))
            {
                continue;
            }

            var key = patchKey;
            var isDeleteList = StrategicDirectives.IsDeleteFromPrimitiveList(patchKey);
            if (isDeleteList)
            {
                key = StrategicDirectives.ExtractKey(patchKey, StrategicDirectives.DeleteFromPrimitiveListPrefix);
            }

            // A null deletes the field; for a deletion list kube's code deletes the list itself.
            if (patchValue is null)
            {
                original.Remove(key);
                continue;
            }

            if (!original.TryGetPropertyValue(key, out var originalValue) ||
                GoValues.KindOf(originalValue) != GoValues.KindOf(patchValue))
            {
                if (!isDeleteList)
                {
                    Adopt(original, key, patchValue);
                }

                continue;
            }

            switch (patchValue)
            {
                case JsonObject patchMap:
                    var mapMeta = StrategicFieldMeta.ForStruct(schema, key);
                    var originalMap = originalValue!.AsObject();
                    var merged = string.Equals(mapMeta.Strategy, StrategicFieldMeta.ReplaceStrategy, StringComparison.Ordinal)
                        ? StrategicDirectives.StripMap(patchMap)
                        : MergeMap(originalMap, patchMap, mapMeta.Schema);
                    if (!ReferenceEquals(merged, originalMap))
                    {
                        original[key] = merged;
                    }

                    break;
                case JsonArray patchList:
                    var listMeta = StrategicFieldMeta.ForSlice(schema, key);
                    var originalList = originalValue!.AsArray();
                    var items = StrategicListMerge.MergeSliceHandler(originalList, patchList, listMeta, isDeleteList);
                    StrategicListMerge.Refill(originalList, items);
                    break;
                default:
                    original[key] = patchValue.DeepClone();
                    break;
            }
        }

        return original;
    }

    // Stores a patch value the original has no counterpart for; a "$patch" map removes the field instead.
    private static void Adopt(JsonObject original, string key, JsonNode patchValue)
    {
        if (StrategicDirectives.TryAdopt(patchValue, out var cleaned))
        {
            original[key] = cleaned;
        }
        else
        {
            original.Remove(key);
        }
    }

    // handleDirectiveInMergeMap: "replace" keeps only the patch's own entries, "delete" empties the map.
    private static JsonObject ApplyMapDirective(JsonNode? directive, JsonObject patch)
    {
        if (directive is JsonValue value && GoValues.KindOf(value) == GoKind.String)
        {
            var name = value.GetValue<string>();
            if (string.Equals(name, StrategicDirectives.Replace, StringComparison.Ordinal))
            {
                return StrategicDirectives.StripMap(patch);
            }

            if (string.Equals(name, StrategicDirectives.Delete, StringComparison.Ordinal))
            {
                return new JsonObject();
            }
        }

        throw PatchException.Unconverted(
            "unknown patch type: " + GoValues.FormatS(directive) + " in map: " + GoValues.FormatV(patch));
    }

    // applyRetainKeysDirective: every patched field must be listed; fields of the original not listed are cleared.
    private static void ApplyRetainKeys(JsonObject original, JsonObject patch)
    {
        if (!patch.TryGetPropertyValue(StrategicDirectives.RetainKeys, out var retainNode))
        {
            return;
        }

        if (retainNode is not JsonArray retain)
        {
            throw PatchException.BadRequest("invalid patch format of retainKeys");
        }

        foreach (var (key, value) in patch)
        {
            if (value is null ||
                string.Equals(key, StrategicDirectives.RetainKeys, StringComparison.Ordinal) ||
                StrategicDirectives.IsDeleteFromPrimitiveList(key) ||
                StrategicDirectives.IsSetElementOrder(key))
            {
                continue;
            }

            if (!Retains(retain, key))
            {
                throw PatchException.BadRequest("invalid patch format of retainKeys");
            }
        }

        List<string>? cleared = null;
        foreach (var (key, _) in original)
        {
            if (!Retains(retain, key))
            {
                (cleared ??= []).Add(key);
            }
        }

        if (cleared is not null)
        {
            foreach (var key in cleared)
            {
                original.Remove(key);
            }
        }
    }

    private static bool Retains(JsonArray retain, string key)
    {
        foreach (var item in retain)
        {
            if (GoValues.KindOf(item) == GoKind.String && string.Equals(item!.GetValue<string>(), key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
