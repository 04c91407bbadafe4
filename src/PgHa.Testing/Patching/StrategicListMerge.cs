using System.Text.Json.Nodes;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Patching;

/// <summary>
/// The list half of strategic merge: merge-by-key, primitive unions, deletion lists, <c>$patch</c> elements and
/// <c>$setElementOrder</c> (strategicpatch's <c>mergeSlice</c> and <c>mergePatchIntoOriginal</c>).
/// </summary>
internal static class StrategicListMerge
{
    /// <summary>
    /// Processes every <c>$setElementOrder/x</c> of the patch together with list <c>x</c>, storing the ordered result in
    /// <paramref name="original"/>. Returns the list keys it consumed (the main merge skips them), or null for none.
    /// </summary>
    public static HashSet<string>? MergeOrderedLists(JsonObject original, JsonObject patch, SchemaNode? schema)
    {
        HashSet<string>? consumed = null;
        foreach (var (directiveKey, orderNode) in patch)
        {
            if (!StrategicDirectives.IsSetElementOrder(directiveKey))
            {
                continue;
            }

            if (orderNode is not JsonArray order)
            {
                throw BadArgType(GoKind.Slice, orderNode);
            }

            var key = StrategicDirectives.ExtractKey(directiveKey, StrategicDirectives.SetElementOrderPrefix);
            var foundOriginal = original.TryGetPropertyValue(key, out var originalNode);
            var foundPatch = patch.TryGetPropertyValue(key, out var patchNode);
            JsonArray? originalList = null;
            JsonArray? patchList = null;
            if (foundOriginal)
            {
                originalList = originalNode as JsonArray ?? throw BadArgType(GoKind.Slice, originalNode);
            }

            if (foundPatch)
            {
                patchList = patchNode as JsonArray ?? throw BadArgType(GoKind.Slice, patchNode);
            }

            var meta = StrategicFieldMeta.ForSlice(schema, key);
            StrategicListOrder.ValidatePatchAgainstOrder(patchList, order, meta.MergeKey);

            List<JsonNode?> merged;
            if (originalList is not null && patchList is null)
            {
                merged = [.. originalList];
            }
            else if (originalList is null && patchList is not null)
            {
                merged = CleanItems(patchList);
            }
            else if (originalList is not null && patchList is not null)
            {
                merged = MergeSliceHandler(originalList, patchList, meta, isDeleteList: false);
            }
            else
            {
                continue;
            }

            var originalItems = originalList is null ? [] : new List<JsonNode?>(originalList);
            var patchItems = patchList is null ? [] : new List<JsonNode?>(patchList);
            var (inOrder, serverOnly) = StrategicListOrder.Partition(merged, order, meta.MergeKey);
            var kind = StrategicListOrder.ElementKind(originalItems, patchItems);
            var ordered = StrategicListOrder.NormalizeElementOrder(inOrder, serverOnly, order, originalItems, meta.MergeKey, kind);

            if (originalList is not null)
            {
                Refill(originalList, ordered);
            }
            else
            {
                var list = new JsonArray();
                Refill(list, ordered);
                original[key] = list;
            }

            (consumed ??= new HashSet<string>(StringComparer.Ordinal)).Add(key);
        }

        return consumed;
    }

    /// <summary>
    /// Merges two lists per the field's strategy: <c>merge</c> (or a deletion list) merges, anything else takes the
    /// patch's list. Returns the items of the result; items of <paramref name="original"/> are reused, patch items cloned.
    /// </summary>
    public static List<JsonNode?> MergeSliceHandler(JsonArray original, JsonArray patch, StrategicFieldMeta meta, bool isDeleteList)
    {
        if (isDeleteList || string.Equals(meta.Strategy, StrategicFieldMeta.MergeStrategy, StringComparison.Ordinal))
        {
            return MergeSlice([.. original], patch, meta.Schema, meta.MergeKey, isDeleteList);
        }

        return CleanItems(patch);
    }

    /// <summary>Makes <paramref name="list"/> hold exactly <paramref name="items"/>, detaching its old children first.</summary>
    public static void Refill(JsonArray list, List<JsonNode?> items)
    {
        list.Clear();
        foreach (var item in items)
        {
            list.Add(item);
        }
    }

    private static List<JsonNode?> MergeSlice(List<JsonNode?> original, JsonArray patch, SchemaNode? elementSchema, string mergeKey, bool isDeleteList)
    {
        if (original.Count == 0 && patch.Count == 0)
        {
            return original;
        }

        var patchItems = new List<JsonNode?>(patch);
        var kind = StrategicListOrder.ElementKind(original, patchItems);
        List<JsonNode?> merged;
        List<JsonNode?> serverOrder;
        List<JsonNode?> patchOrder;
        if (kind != GoKind.Map)
        {
            if (isDeleteList)
            {
                return DeleteFromSlice(original, patch);
            }

            merged = Union(original, patch);
            serverOrder = original;
            patchOrder = patchItems;
        }
        else
        {
            if (mergeKey.Length == 0)
            {
                throw PatchException.Unconverted("cannot merge lists without merge key for " + StrategicFieldMeta.KindName(elementSchema));
            }

            (serverOrder, patchOrder) = ApplySpecialElements(original, patch, mergeKey);
            merged = MergeByKey(serverOrder, patchOrder, mergeKey, elementSchema);
        }

        var (inPatch, serverOnly) = StrategicListOrder.Partition(merged, patchOrder, mergeKey);
        return StrategicListOrder.NormalizeElementOrder(inPatch, serverOnly, patchOrder, serverOrder, mergeKey, kind);
    }

    // The patch's scalars added to the original's, each value once (kube deduplicates the whole union).
    private static List<JsonNode?> Union(List<JsonNode?> original, JsonArray patch)
    {
        var merged = new List<JsonNode?>(original.Count + patch.Count);
        foreach (var item in original)
        {
            AddIfAbsent(merged, item);
        }

        foreach (var item in patch)
        {
            if (!Contains(merged, item))
            {
                merged.Add(item?.DeepClone());
            }
        }

        return merged;
    }

    private static void AddIfAbsent(List<JsonNode?> items, JsonNode? item)
    {
        if (!Contains(items, item))
        {
            items.Add(item);
        }
    }

    private static List<JsonNode?> DeleteFromSlice(List<JsonNode?> current, JsonArray toDelete)
    {
        var kept = new List<JsonNode?>(current.Count);
        foreach (var item in current)
        {
            var deleted = false;
            foreach (var candidate in toDelete)
            {
                if (GoValue.ScalarEquals(item, candidate))
                {
                    deleted = true;
                    break;
                }
            }

            if (!deleted)
            {
                kept.Add(item);
            }
        }

        return kept;
    }

    // mergeSliceWithSpecialElements: "$patch: delete" elements remove every original element with their key, a
    // "$patch: replace" element makes the remaining patch elements the whole list. Returns (original, patch) to merge.
    private static (List<JsonNode?> Original, List<JsonNode?> Patch) ApplySpecialElements(List<JsonNode?> original, JsonArray patch, string mergeKey)
    {
        var plain = new List<JsonNode?>(patch.Count);
        var replace = false;
        foreach (var element in patch)
        {
            var map = element!.AsObject();
            if (!map.TryGetPropertyValue(StrategicDirectives.Patch, out var directive))
            {
                plain.Add(map);
                continue;
            }

            var name = GoValue.KindOf(directive) == GoKind.String ? directive!.GetValue<string>() : null;
            switch (name)
            {
                case StrategicDirectives.Delete:
                    if (!map.TryGetPropertyValue(mergeKey, out var keyValue))
                    {
                        throw NoMergeKey(map, mergeKey);
                    }

                    original.RemoveAll(item => item is JsonObject candidate &&
                        candidate.TryGetPropertyValue(mergeKey, out var candidateKey) &&
                        GoValue.ScalarEquals(candidateKey, keyValue));
                    break;
                case StrategicDirectives.Replace:
                    replace = true;
                    break;
                case StrategicDirectives.Merge:
                    throw PatchException.Unconverted("merging lists cannot yet be specified in the patch");
                default:
                    throw PatchException.Unconverted(
                        "unknown patch type: " + GoText.FormatS(directive) + " in map: " + GoText.Format(map));
            }
        }

        if (replace)
        {
            return (CleanItems(plain), []);
        }

        return (original, plain);
    }

    // mergeSliceWithoutSpecialElements: each patch element merges into the first original element with its key, or is appended.
    private static List<JsonNode?> MergeByKey(List<JsonNode?> original, List<JsonNode?> patch, string mergeKey, SchemaNode? elementSchema)
    {
        var merged = new List<JsonNode?>(original);
        foreach (var element in patch)
        {
            var map = element!.AsObject();
            if (!map.TryGetPropertyValue(mergeKey, out var keyValue))
            {
                throw NoMergeKey(map, mergeKey);
            }

            var index = StrategicListOrder.IndexOfKey(merged, mergeKey, keyValue);
            if (index >= 0)
            {
                merged[index] = StrategicMergePatch.MergeMap(merged[index]!.AsObject(), map, elementSchema);
            }
            else
            {
                merged.Add(StrategicDirectives.CleanMap(map));
            }
        }

        return merged;
    }

    private static List<JsonNode?> CleanItems(IEnumerable<JsonNode?> items)
    {
        var cleaned = new List<JsonNode?>();
        foreach (var item in items)
        {
            if (StrategicDirectives.TryClean(item, out var cleanedItem))
            {
                cleaned.Add(cleanedItem);
            }
        }

        return cleaned;
    }

    private static bool Contains(List<JsonNode?> items, JsonNode? value)
    {
        foreach (var item in items)
        {
            if (GoValue.ScalarEquals(item, value))
            {
                return true;
            }
        }

        return false;
    }

    internal static PatchException NoMergeKey(JsonObject map, string mergeKey) =>
        PatchException.Unconverted("map: " + GoText.Format(map) + " does not contain declared merge key: " + mergeKey);

    /// <summary><c>mergepatch.ErrBadArgType</c>: <c>expected a map[string]interface {}, but received a string</c>.</summary>
    internal static PatchException BadArgType(GoKind expected, JsonNode? actual) =>
        PatchException.Unconverted("expected a " + GoValue.TypeName(expected) + ", but received a " +
            (GoValue.TypeName(GoValue.KindOf(actual)) ?? "%!s(<nil>)"));
}
