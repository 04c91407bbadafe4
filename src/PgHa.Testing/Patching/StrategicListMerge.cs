using System.Text.Json.Nodes;
using PgHa.Testing.Go;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Patching;

/// <summary>
/// The list half of strategic merge: merge-by-key, primitive unions, deletion lists and <c>$patch</c> elements
/// (strategicpatch's <c>mergeSliceHandler</c> and <c>mergeSlice</c>).
/// </summary>
internal static class StrategicListMerge
{
    /// <summary>
    /// Merges two lists per the field's strategy: <c>merge</c> (or a deletion list) merges, anything else takes the
    /// patch's list. Returns the items of the result; items of <paramref name="original"/> are reused, patch items cloned.
    /// </summary>
    /// <param name="original">The list in the result tree.</param>
    /// <param name="patch">The patch's list.</param>
    /// <param name="meta">The field's patch metadata.</param>
    /// <param name="isDeleteList">True for a <c>$deleteFromPrimitiveList</c> list.</param>
    /// <param name="sharedOriginal">When given, a copy of <paramref name="original"/>'s items that is rewritten as Go
    /// rewrites the backing array of the original slice it merges into.</param>
    public static List<JsonNode?> MergeSliceHandler(
        JsonArray original, JsonArray patch, StrategicFieldMeta meta, bool isDeleteList, List<JsonNode?>? sharedOriginal = null)
    {
        if (isDeleteList || string.Equals(meta.Strategy, StrategicFieldMeta.MergeStrategy, StringComparison.Ordinal))
        {
            var backing = sharedOriginal is null ? null : new GoSliceBacking(sharedOriginal);
            return MergeSlice([.. original], patch, meta.Schema, meta.MergeKey, isDeleteList, backing);
        }

        return StripItems(patch);
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

    private static List<JsonNode?> MergeSlice(
        List<JsonNode?> original, JsonArray patch, SchemaNode? elementSchema, string mergeKey, bool isDeleteList, GoSliceBacking? backing)
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

            bool replaced;
            (serverOrder, patchOrder, replaced) = ApplySpecialElements(original, patch, mergeKey, backing);

            // After a replace, Go appends to the patch's slice, no longer to the original's.
            merged = MergeByKey(serverOrder, patchOrder, mergeKey, elementSchema, replaced ? null : backing);
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
                if (GoValues.ScalarEquals(item, candidate))
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
    private static (List<JsonNode?> Original, List<JsonNode?> Patch, bool Replaced) ApplySpecialElements(
        List<JsonNode?> original, JsonArray patch, string mergeKey, GoSliceBacking? backing)
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

            var name = GoValues.KindOf(directive) == GoKind.String ? directive!.GetValue<string>() : null;
            switch (name)
            {
                case StrategicDirectives.Delete:
                    if (!map.TryGetPropertyValue(mergeKey, out var keyValue))
                    {
                        throw NoMergeKey(map, mergeKey);
                    }

                    // deleteMatchingEntries: one match at a time, each an in-place Go slice delete.
                    int index;
                    while ((index = StrategicListOrder.IndexOfKey(original, mergeKey, keyValue)) >= 0)
                    {
                        original.RemoveAt(index);
                        backing?.RemovedAt(index);
                    }

                    break;
                case StrategicDirectives.Replace:
                    replace = true;
                    break;
                case StrategicDirectives.Merge:
                    throw PatchException.Unconverted("merging lists cannot yet be specified in the patch");
                default:
                    throw PatchException.Unconverted(
                        "unknown patch type: " + GoValues.FormatS(directive) + " in map: " + GoValues.FormatV(map));
            }
        }

        if (replace)
        {
            return (StripItems(plain), [], true);
        }

        return (original, plain, false);
    }

    // mergeSliceWithoutSpecialElements: each patch element merges into the first original element with its key, or is appended.
    private static List<JsonNode?> MergeByKey(
        List<JsonNode?> original, List<JsonNode?> patch, string mergeKey, SchemaNode? elementSchema, GoSliceBacking? backing)
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
                var added = StrategicDirectives.StripMap(map);
                merged.Add(added);
                backing?.Appended(added);
            }
        }

        return merged;
    }

    /// <summary>Copies of list items kube stores as the patch sent them.</summary>
    internal static List<JsonNode?> StripItems(IEnumerable<JsonNode?> items)
    {
        var stripped = new List<JsonNode?>();
        foreach (var item in items)
        {
            stripped.Add(StrategicDirectives.Strip(item));
        }

        return stripped;
    }

    private static bool Contains(List<JsonNode?> items, JsonNode? value)
    {
        foreach (var item in items)
        {
            if (GoValues.ScalarEquals(item, value))
            {
                return true;
            }
        }

        return false;
    }

    internal static PatchException NoMergeKey(JsonObject map, string mergeKey) =>
        PatchException.Unconverted("map: " + GoValues.FormatV(map) + " does not contain declared merge key: " + mergeKey);

    /// <summary><c>mergepatch.ErrBadArgType</c>: <c>expected a map[string]interface {}, but received a string</c>.</summary>
    internal static PatchException BadArgType(GoKind expected, JsonNode? actual) =>
        PatchException.Unconverted("expected a " + GoValues.TypeName(expected) + ", but received a " +
            (GoValues.TypeName(GoValues.KindOf(actual)) ?? "%!s(<nil>)"));
}
