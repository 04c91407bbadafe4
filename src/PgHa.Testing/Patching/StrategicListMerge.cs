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

            // kube reads the live order through the original slice after merging into it, and Go's in-place deletes
            // and appends have rewritten that slice's backing array by then; `liveOrder` mirrors those rewrites.
            var liveOrder = originalList is null ? [] : new List<JsonNode?>(originalList);
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
                merged = MergeSliceHandler(originalList, patchList, meta, isDeleteList: false, liveOrder);
            }
            else
            {
                continue;
            }

            var originalItems = liveOrder;
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
            var backing = sharedOriginal is null ? null : new SharedBacking(sharedOriginal);
            return MergeSlice([.. original], patch, meta.Schema, meta.MergeKey, isDeleteList, backing);
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

    private static List<JsonNode?> MergeSlice(
        List<JsonNode?> original, JsonArray patch, SchemaNode? elementSchema, string mergeKey, bool isDeleteList, SharedBacking? backing)
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
    private static (List<JsonNode?> Original, List<JsonNode?> Patch, bool Replaced) ApplySpecialElements(
        List<JsonNode?> original, JsonArray patch, string mergeKey, SharedBacking? backing)
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
                        "unknown patch type: " + GoText.FormatS(directive) + " in map: " + GoText.Format(map));
            }
        }

        if (replace)
        {
            return (CleanItems(plain), [], true);
        }

        return (original, plain, false);
    }

    // mergeSliceWithoutSpecialElements: each patch element merges into the first original element with its key, or is appended.
    private static List<JsonNode?> MergeByKey(
        List<JsonNode?> original, List<JsonNode?> patch, string mergeKey, SchemaNode? elementSchema, SharedBacking? backing)
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
                var added = StrategicDirectives.CleanMap(map);
                merged.Add(added);
                backing?.Appended(added);
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

    /// <summary>
    /// The backing array of the original Go slice as seen through that slice's own length: deletes shift items left and
    /// leave the last one in place, and appends into the room they freed overwrite the tail.
    /// </summary>
    private sealed class SharedBacking(List<JsonNode?> view)
    {
        private int _length = view.Count;

        public void RemovedAt(int index)
        {
            for (var i = index; i < _length - 1; i++)
            {
                view[i] = view[i + 1];
            }

            _length--;
        }

        public void Appended(JsonNode? item)
        {
            if (_length < view.Count)
            {
                view[_length] = item;
            }

            _length++;
        }
    }

    internal static PatchException NoMergeKey(JsonObject map, string mergeKey) =>
        PatchException.Unconverted("map: " + GoText.Format(map) + " does not contain declared merge key: " + mergeKey);

    /// <summary><c>mergepatch.ErrBadArgType</c>: <c>expected a map[string]interface {}, but received a string</c>.</summary>
    internal static PatchException BadArgType(GoKind expected, JsonNode? actual) =>
        PatchException.Unconverted("expected a " + GoValue.TypeName(expected) + ", but received a " +
            (GoValue.TypeName(GoValue.KindOf(actual)) ?? "%!s(<nil>)"));
}
