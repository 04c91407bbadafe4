using System.Text.Json.Nodes;
using PgHa.Testing.Go;

namespace PgHa.Testing.Patching;

/// <summary>
/// How strategic merge orders a merged list: items named by the patch (or its <c>$setElementOrder</c>) in the patch's
/// order, the server-only items in their live order, interleaved by the live order (strategicpatch's
/// <c>normalizeElementOrder</c>, <c>mergeSortedSlice</c> and their checks).
/// </summary>
internal static class StrategicListOrder
{
    /// <summary>The Go type shared by every element of both lists (<c>sliceElementType</c>).</summary>
    public static GoKind ElementKind(List<JsonNode?> first, List<JsonNode?> second)
    {
        GoKind? kind = null;
        foreach (var list in (ReadOnlySpan<List<JsonNode?>>)[first, second])
        {
            foreach (var item in list)
            {
                var current = GoValues.KindOf(item);
                if (kind is null)
                {
                    if (current == GoKind.Slice)
                    {
                        throw PatchException.UnprocessableGeneric("lists of lists are not supported");
                    }

                    kind = current;
                }
                else if (kind != current)
                {
                    throw PatchException.Unconverted("list element types are not identical: " + GoValues.FormatSlices(first, second));
                }
            }
        }

        return kind ?? throw PatchException.Unconverted("no elements in any of the given slices");
    }

    /// <summary>Splits <paramref name="merged"/> into the items present in <paramref name="by"/> and the rest, keeping order.</summary>
    public static (List<JsonNode?> Present, List<JsonNode?> Absent) Partition(List<JsonNode?> merged, IList<JsonNode?> by, string mergeKey)
    {
        var present = new List<JsonNode?>(merged.Count);
        var absent = new List<JsonNode?>(merged.Count);
        foreach (var item in merged)
        {
            bool found;
            if (mergeKey.Length == 0)
            {
                found = IndexOf(by, item) >= 0;
            }
            else
            {
                if (item is not JsonObject map)
                {
                    throw StrategicListMerge.BadArgType(GoKind.Map, item);
                }

                if (!map.TryGetPropertyValue(mergeKey, out var keyValue))
                {
                    throw StrategicListMerge.NoMergeKey(map, mergeKey);
                }

                found = IndexOfKey(by, mergeKey, keyValue) >= 0;
            }

            (found ? present : absent).Add(item);
        }

        return (present, absent);
    }

    public static List<JsonNode?> NormalizeElementOrder(
        List<JsonNode?> patchItems,
        List<JsonNode?> serverOnly,
        IList<JsonNode?> patchOrder,
        IList<JsonNode?> serverOrder,
        string mergeKey,
        GoKind kind)
    {
        patchItems = SortByOrder(patchItems, patchOrder, mergeKey, kind);
        serverOnly = SortByOrder(serverOnly, serverOrder, mergeKey, kind);

        // mergeSortedSlice: a server-only item goes before a patch item only when the live order puts it there.
        var leftIndex = Indexes(serverOnly, serverOrder, mergeKey, kind);
        var rightIndex = Indexes(patchItems, serverOrder, mergeKey, kind);
        var result = new List<JsonNode?>(serverOnly.Count + patchItems.Count);
        int i = 0, j = 0;
        while (i < serverOnly.Count || j < patchItems.Count)
        {
            if (j >= patchItems.Count ||
                (i < serverOnly.Count && leftIndex[i] >= 0 && rightIndex[j] >= 0 && leftIndex[i] < rightIndex[j]))
            {
                result.Add(serverOnly[i++]);
            }
            else
            {
                result.Add(patchItems[j++]);
            }
        }

        return result;
    }

    /// <summary>
    /// validatePatchWithSetOrderList: the non-deleted patch items must appear in the <c>$setElementOrder</c> list, in its order.
    /// </summary>
    public static void ValidatePatchAgainstOrder(JsonArray? patchList, JsonArray order, string mergeKey)
    {
        if (order.Count == 0 || patchList is null || patchList.Count == 0)
        {
            return;
        }

        var items = new List<JsonNode?>(patchList);
        if (mergeKey.Length > 0)
        {
            items = SplitDeletions(items, out _);
        }

        int patchIndex = 0, orderIndex = 0;
        while (patchIndex < items.Count && orderIndex < order.Count)
        {
            if (StrategicDirectives.HasPatchDirective(items[patchIndex]))
            {
                patchIndex++;
                continue;
            }

            if (MergeKeyValueEqual(items[patchIndex], order[orderIndex], mergeKey))
            {
                patchIndex++;
            }

            orderIndex++;
        }

        if (patchIndex < items.Count && orderIndex >= order.Count)
        {
            throw PatchException.Unconverted(
                "The order in patch list:\n" + GoValues.FormatSlice(new List<JsonNode?>(patchList)) +
                "\n doesn't match $setElementOrder list:\n" + GoValues.FormatSlice(new List<JsonNode?>(order)) + "\n");
        }
    }

    /// <summary>Index of the first map in <paramref name="items"/> whose merge key equals <paramref name="keyValue"/>.</summary>
    public static int IndexOfKey(IList<JsonNode?> items, string mergeKey, JsonNode? keyValue)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject map)
            {
                // findMapInSliceBasedOnKeyValue
                throw PatchException.Unconverted("value for key " + i + " is not a map");
            }

            if (map.TryGetPropertyValue(mergeKey, out var candidate) && GoValues.ScalarEquals(candidate, keyValue))
            {
                return i;
            }
        }

        return -1;
    }

    private static int IndexOf(IList<JsonNode?> items, JsonNode? value)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (GoValues.ScalarEquals(items[i], value))
            {
                return i;
            }
        }

        return -1;
    }

    // normalizeSliceOrder: a stable insertion sort (what Go's sort.SliceStable does for up to 20 items) by position in
    // `order`, with kube's comparator that calls an item missing from `order` "less"; "$patch: delete" items go last.
    private static List<JsonNode?> SortByOrder(List<JsonNode?> items, IList<JsonNode?> order, string mergeKey, GoKind kind)
    {
        List<JsonNode?>? deletions = null;
        if (kind == GoKind.Map)
        {
            ValidateMergeKeys(items, mergeKey);
            ValidateMergeKeys(order, mergeKey);
            items = SplitDeletions(items, out deletions);
        }

        var positions = Indexes(items, order, mergeKey, kind);
        for (var i = 1; i < items.Count; i++)
        {
            for (var j = i; j > 0 && (positions[j] < 0 || positions[j - 1] < 0 || positions[j] < positions[j - 1]); j--)
            {
                (items[j], items[j - 1]) = (items[j - 1], items[j]);
                (positions[j], positions[j - 1]) = (positions[j - 1], positions[j]);
            }
        }

        if (deletions is not null)
        {
            items.AddRange(deletions);
        }

        return items;
    }

    // index(): position of each item in `order`, by merge key for maps and by value otherwise.
    private static int[] Indexes(List<JsonNode?> items, IList<JsonNode?> order, string mergeKey, GoKind kind)
    {
        var positions = new int[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            positions[i] = -1;
            var value = kind == GoKind.Map ? KeyOf(items[i], mergeKey) : items[i];
            for (var k = 0; k < order.Count; k++)
            {
                if (GoValues.ScalarEquals(value, kind == GoKind.Map ? KeyOf(order[k], mergeKey) : order[k]))
                {
                    positions[i] = k;
                    break;
                }
            }
        }

        return positions;
    }

    private static JsonNode? KeyOf(JsonNode? item, string mergeKey) =>
        item is JsonObject map && map.TryGetPropertyValue(mergeKey, out var value) ? value : null;

    private static void ValidateMergeKeys(IList<JsonNode?> items, string mergeKey)
    {
        foreach (var item in items)
        {
            if (item is not JsonObject map)
            {
                throw StrategicListMerge.BadArgType(GoKind.Map, item);
            }

            if (!map.ContainsKey(mergeKey))
            {
                throw StrategicListMerge.NoMergeKey(map, mergeKey);
            }
        }
    }

    // extractToDeleteItems
    private static List<JsonNode?> SplitDeletions(List<JsonNode?> items, out List<JsonNode?>? deletions)
    {
        deletions = null;
        List<JsonNode?>? kept = null;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject map)
            {
                throw StrategicListMerge.BadArgType(GoKind.Map, items[i]);
            }

            var isDeletion = map.TryGetPropertyValue(StrategicDirectives.Patch, out var directive) &&
                GoValues.KindOf(directive) == GoKind.String &&
                string.Equals(directive!.GetValue<string>(), StrategicDirectives.Delete, StringComparison.Ordinal);
            if (isDeletion)
            {
                kept ??= items.GetRange(0, i);
                (deletions ??= []).Add(map);
            }
            else
            {
                kept?.Add(map);
            }
        }

        return kept ?? items;
    }

    // mergeKeyValueEqual
    private static bool MergeKeyValueEqual(JsonNode? left, JsonNode? right, string mergeKey)
    {
        if (mergeKey.Length == 0)
        {
            return GoValues.ScalarEquals(left, right);
        }

        if (left is not JsonObject leftMap)
        {
            throw StrategicListMerge.BadArgType(GoKind.Map, left);
        }

        if (right is not JsonObject rightMap)
        {
            throw StrategicListMerge.BadArgType(GoKind.Map, right);
        }

        if (!leftMap.TryGetPropertyValue(mergeKey, out var leftKey))
        {
            throw StrategicListMerge.NoMergeKey(leftMap, mergeKey);
        }

        if (!rightMap.TryGetPropertyValue(mergeKey, out var rightKey))
        {
            throw StrategicListMerge.NoMergeKey(rightMap, mergeKey);
        }

        return GoValues.ScalarEquals(leftKey, rightKey);
    }
}
