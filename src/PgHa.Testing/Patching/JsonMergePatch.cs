using System.Text.Json.Nodes;
using PgHa.Testing.Go;

namespace PgHa.Testing.Patching;

/// <summary>
/// <c>application/merge-patch+json</c> (RFC 7386) as kube-apiserver applies it through evanphx/json-patch v4's
/// <c>MergePatch</c>. Inputs are never changed; the result is a new tree.
/// </summary>
/// <remarks>
/// One difference from the RFC's pseudo-code, kept because kube has it: a patch value stored where the target holds no
/// object (a new key, a null, a scalar or a list) loses the null members of every object inside it, including objects
/// inside lists (<c>{"a":[{"b":null}]}</c> stores <c>{"a":[{}]}</c>); null list elements stay.
/// </remarks>
internal static class JsonMergePatch
{
    /// <summary>RFC 7386 <c>MergePatch(target, patch)</c>; a patch that is not an object replaces the target.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is JsonObject patchMap)
        {
            if (target is JsonObject targetMap)
            {
                var result = targetMap.DeepClone().AsObject();
                MergeInto(result, patchMap);
                return result;
            }

            return WithoutNulls(patchMap);
        }

        return WithoutNulls(patch);
    }

    /// <summary>
    /// Applies a decoded request body to a stored object as kube's PATCH handler does: a body that is not an object is
    /// rejected with the status kube answers (null or a scalar: 400 <c>Invalid JSON Patch</c>; a list: 422, since the
    /// list that results is no object).
    /// </summary>
    public static JsonObject ApplyDocument(JsonObject original, JsonNode? patch)
    {
        ArgumentNullException.ThrowIfNull(original);
        switch (patch)
        {
            case JsonObject patchMap:
                var result = original.DeepClone().AsObject();
                MergeInto(result, patchMap);
                return result;
            case JsonArray:
                var patched = WithoutNulls(patch)!.ToJsonString();
                throw PatchException.Invalid(
                    " \"\" is invalid: patch: Invalid value: " + GoStrings.Quote(patched) +
                    ": couldn't get version/kind; json parse error: json: cannot unmarshal array into Go value of type " +
                    "struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }");
            default:
                throw PatchException.BadRequest("Invalid JSON Patch");
        }
    }

    // mergeDocs: works in place on `target`, a node of the result tree.
    private static void MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (key, patchValue) in patch)
        {
            if (patchValue is null)
            {
                target.Remove(key);
                continue;
            }

            if (!target.TryGetPropertyValue(key, out var current) || current is null)
            {
                target[key] = WithoutNulls(patchValue);
                continue;
            }

            if (current is JsonObject currentMap)
            {
                if (patchValue is JsonObject patchMap)
                {
                    MergeInto(currentMap, patchMap);
                }
                else
                {
                    // evanphx's merge() returns a non-object patch value as it is when the target holds an object.
                    target[key] = patchValue.DeepClone();
                }

                continue;
            }

            target[key] = WithoutNulls(patchValue);
        }
    }

    // pruneNulls on a copy: null members of objects go, at any depth; null list elements stay.
    private static JsonNode? WithoutNulls(JsonNode? value)
    {
        switch (value)
        {
            case JsonObject map:
                var cleaned = new JsonObject();
                foreach (var (key, item) in map)
                {
                    if (item is not null)
                    {
                        cleaned[key] = WithoutNulls(item);
                    }
                }

                return cleaned;
            case JsonArray list:
                var copy = new JsonArray();
                foreach (var item in list)
                {
                    copy.Add(WithoutNulls(item));
                }

                return copy;
            default:
                return value?.DeepClone();
        }
    }
}
