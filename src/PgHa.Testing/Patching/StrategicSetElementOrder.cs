using System.Text.Json.Nodes;
using PgHa.Testing.Go;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Patching;

/// <summary>
/// <c>$setElementOrder/x</c>: merges list <c>x</c> and orders the result as the directive lists it, server-only items
/// placed by the live order (strategicpatch's <c>mergePatchIntoOriginal</c>). kubectl apply sends it for every list it
/// merges, e.g. Service <c>ports</c> and <c>metadata.finalizers</c>.
/// </summary>
internal static class StrategicSetElementOrder
{
    /// <summary>
    /// Processes every <c>$setElementOrder/x</c> of the patch together with list <c>x</c>, storing the ordered result in
    /// <paramref name="original"/>. Returns the list keys it consumed (the main merge skips them), or null for none.
    /// </summary>
    public static HashSet<string>? Apply(JsonObject original, JsonObject patch, SchemaNode? schema)
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
                throw StrategicListMerge.BadArgType(GoKind.Slice, orderNode);
            }

            var key = StrategicDirectives.ExtractKey(directiveKey, StrategicDirectives.SetElementOrderPrefix);
            var foundOriginal = original.TryGetPropertyValue(key, out var originalNode);
            var foundPatch = patch.TryGetPropertyValue(key, out var patchNode);
            JsonArray? originalList = null;
            JsonArray? patchList = null;
            if (foundOriginal)
            {
                originalList = originalNode as JsonArray ?? throw StrategicListMerge.BadArgType(GoKind.Slice, originalNode);
            }

            if (foundPatch)
            {
                patchList = patchNode as JsonArray ?? throw StrategicListMerge.BadArgType(GoKind.Slice, patchNode);
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
                // A list the original lacks is taken through removeDirectives, which drops "$patch" items.
                merged = [];
                foreach (var item in patchList)
                {
                    if (StrategicDirectives.TryAdopt(item, out var adopted))
                    {
                        merged.Add(adopted);
                    }
                }
            }
            else if (originalList is not null && patchList is not null)
            {
                merged = StrategicListMerge.MergeSliceHandler(originalList, patchList, meta, isDeleteList: false, liveOrder);
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
                StrategicListMerge.Refill(originalList, ordered);
            }
            else
            {
                var list = new JsonArray();
                StrategicListMerge.Refill(list, ordered);
                original[key] = list;
            }

            (consumed ??= new HashSet<string>(StringComparer.Ordinal)).Add(key);
        }

        return consumed;
    }
}
