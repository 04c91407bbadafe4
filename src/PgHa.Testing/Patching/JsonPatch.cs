using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PgHa.Testing.Go;

namespace PgHa.Testing.Patching;

/// <summary>
/// <c>application/json-patch+json</c> (RFC 6902) as kube-apiserver applies it through evanphx/json-patch v4, edge cases
/// included: negative array indexes count from the end, <c>replace</c> of a missing object member adds it, <c>test</c>
/// of a missing member against <c>null</c> passes, <c>copy</c> from a missing member copies <c>null</c>. Values are
/// compared structurally, numbers by value. Inputs are never changed; the result is a new tree.
/// </summary>
internal static class JsonPatch
{
    /// <summary>kube-apiserver's <c>maxJSONPatchOperations</c>.</summary>
    public const int MaxOperations = 10000;

    /// <summary>kube-apiserver's default <c>JSONPatchMaxCopyBytes</c>: the most a patch's copies may add, in bytes.</summary>
    public const long MaxCopyBytes = 3 * 1024 * 1024;

    private static readonly JsonSerializerOptions CompactUtf8 = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Applies the operations of <paramref name="patchDocument"/> in order to a copy of <paramref name="target"/>.</summary>
    /// <param name="target">The stored object (an object or an array).</param>
    /// <param name="patchDocument">The decoded body: a list of operations; JSON <c>null</c> is an empty patch, as in Go.</param>
    /// <exception cref="PatchException">400 for a body that is no list of objects, 413 beyond <see cref="MaxOperations"/>,
    /// 422 for any operation that fails (kube's message is generic; <see cref="PatchException.Detail"/> has evanphx's).</exception>
    public static JsonNode Apply(JsonNode target, JsonNode? patchDocument)
    {
        ArgumentNullException.ThrowIfNull(target);
        var operations = Decode(patchDocument);
        if (target is not (JsonObject or JsonArray))
        {
            throw PatchException.UnprocessableGeneric("json: cannot unmarshal " + GoJson.TypeName(target) + " into Go value of type jsonpatch.partialDoc");
        }

        var document = target.DeepClone();
        long copied = 0;
        foreach (var operation in operations)
        {
            var error = ApplyOperation(ref document, operation as JsonObject, ref copied);
            if (error is not null)
            {
                throw PatchException.UnprocessableGeneric(error);
            }
        }

        return document;
    }

    // jsonpatch.DecodePatch: a list whose elements are objects (or null); kube rejects anything else with 400.
    private static JsonArray Decode(JsonNode? patchDocument)
    {
        switch (patchDocument)
        {
            case null:
                return [];
            case JsonArray operations:
                foreach (var operation in operations)
                {
                    if (operation is not null and not JsonObject)
                    {
                        throw PatchException.BadRequest(
                            "json: cannot unmarshal " + GoJson.TypeName(operation) + " into Go value of type jsonpatch.Operation");
                    }
                }

                if (operations.Count > MaxOperations)
                {
                    throw PatchException.EntityTooLarge(
                        "The allowed maximum operations in a JSON patch is " + MaxOperations + ", got " + operations.Count);
                }

                return operations;
            default:
                throw PatchException.BadRequest(
                    "json: cannot unmarshal " + GoJson.TypeName(patchDocument) + " into Go value of type jsonpatch.Patch");
        }
    }

    private static string? ApplyOperation(ref JsonNode document, JsonObject? operation, ref long copied)
    {
        var kind = operation is not null && operation.TryGetPropertyValue("op", out var op) && GoValues.KindOf(op) == GoKind.String
            ? op!.GetValue<string>()
            : "unknown";
        return kind switch
        {
            "add" => Add(document, operation!),
            "remove" => Remove(document, operation!),
            "replace" => Replace(ref document, operation!),
            "move" => Move(document, operation!),
            "test" => Test(document, operation!),
            "copy" => Copy(document, operation!, ref copied),
            _ => "Unexpected kind: " + kind,
        };
    }

    private static string? Add(JsonNode document, JsonObject operation)
    {
        if (ReadString(operation, "path", out var path) is not null)
        {
            return "add operation failed to decode path: missing value";
        }

        if (!JsonPatchContainer.TryFind(document, path, out var container, out var key))
        {
            return "add operation does not apply: doc is missing path: \"" + path + "\": missing value";
        }

        var error = container.Add(key, ValueOf(operation));
        return error is null ? null : "error in add for path: '" + path + "': " + error;
    }

    private static string? Remove(JsonNode document, JsonObject operation)
    {
        if (ReadString(operation, "path", out var path) is not null)
        {
            return "remove operation failed to decode path: missing value";
        }

        if (!JsonPatchContainer.TryFind(document, path, out var container, out var key))
        {
            return "remove operation does not apply: doc is missing path: \"" + path + "\": missing value";
        }

        var error = container.Remove(key);
        return error is null ? null : "error in remove for path: '" + path + "': " + error;
    }

    private static string? Replace(ref JsonNode document, JsonObject operation)
    {
        var pathError = ReadString(operation, "path", out var path);
        if (pathError is not null)
        {
            return "replace operation failed to decode path: " + pathError;
        }

        if (path.Length == 0)
        {
            // The whole document; evanphx only accepts an object or an array here.
            var replacement = ValueOf(operation);
            if (replacement is not (JsonObject or JsonArray))
            {
                return "replace operation value must be object or array: %!w(<nil>)";
            }

            document = replacement;
            return null;
        }

        if (!JsonPatchContainer.TryFind(document, path, out var container, out var key))
        {
            return "replace operation does not apply: doc is missing path: " + path + ": missing value";
        }

        container.Get(key, out var getError);
        if (getError is not null)
        {
            return "replace operation does not apply: doc is missing key: " + path + ": missing value";
        }

        var error = container.Set(key, ValueOf(operation));
        return error is null ? null : "error in remove for path: '" + path + "': " + error;
    }

    private static string? Move(JsonNode document, JsonObject operation)
    {
        var fromError = ReadString(operation, "from", out var from);
        if (fromError is not null)
        {
            return "move operation failed to decode from: " + fromError;
        }

        if (!JsonPatchContainer.TryFind(document, from, out var source, out var sourceKey))
        {
            return "move operation does not apply: doc is missing from path: " + from + ": missing value";
        }

        var value = source.Get(sourceKey, out var error);
        error ??= source.Remove(sourceKey);
        if (error is not null)
        {
            return "error in move for path: '" + sourceKey + "': " + error;
        }

        var pathError = ReadString(operation, "path", out var path);
        if (pathError is not null)
        {
            return "move operation failed to decode path: " + pathError;
        }

        if (!JsonPatchContainer.TryFind(document, path, out var destination, out var key))
        {
            return "move operation does not apply: doc is missing destination path: " + path + ": missing value";
        }

        error = destination.Add(key, value);
        return error is null ? null : "error in move for path: '" + path + "': " + error;
    }

    private static string? Test(JsonNode document, JsonObject operation)
    {
        var pathError = ReadString(operation, "path", out var path);
        if (pathError is not null)
        {
            return "test operation failed to decode path: " + pathError;
        }

        var hasValue = operation.TryGetPropertyValue("value", out var expected);
        if (path.Length == 0)
        {
            return hasValue && JsonNode.DeepEquals(document, expected) ? null : TestFailed(path);
        }

        if (!JsonPatchContainer.TryFind(document, path, out var container, out var key))
        {
            return "test operation does not apply: is missing path: " + path + ": missing value";
        }

        var actual = container.Get(key, out var error);
        if (error is not null)
        {
            return "error in test for path: '" + path + "': " + error;
        }

        // evanphx cannot tell a missing member from a null one: both pass against an absent or null value.
        if (actual is null)
        {
            return expected is null ? null : TestFailed(path);
        }

        return hasValue && JsonNode.DeepEquals(actual, expected) ? null : TestFailed(path);
    }

    private static string? Copy(JsonNode document, JsonObject operation, ref long copied)
    {
        var fromError = ReadString(operation, "from", out var from);
        if (fromError is not null)
        {
            return "copy operation failed to decode from: " + fromError;
        }

        if (!JsonPatchContainer.TryFind(document, from, out var source, out var sourceKey))
        {
            return "copy operation does not apply: doc is missing from path: " + from + ": missing value";
        }

        var value = source.Get(sourceKey, out var error);
        if (error is not null)
        {
            return "error in copy for from: '" + from + "': " + error;
        }

        if (ReadString(operation, "path", out var path) is not null)
        {
            return "copy operation failed to decode path: missing value";
        }

        if (!JsonPatchContainer.TryFind(document, path, out var destination, out var key))
        {
            return "copy operation does not apply: doc is missing destination path: " + path + ": missing value";
        }

        if (value is not null)
        {
            copied += Encoding.UTF8.GetByteCount(value.ToJsonString(CompactUtf8));
            if (copied > MaxCopyBytes)
            {
                return "Unable to complete the copy, the accumulated size increase of copy is " + copied +
                    ", exceeding the limit " + MaxCopyBytes;
            }
        }

        error = destination.Add(key, value?.DeepClone());
        return error is null ? null : "error while adding value during copy: " + error;
    }

    private static JsonNode? ValueOf(JsonObject operation) =>
        operation.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : null;

    private static string TestFailed(string path) => "testing value " + path + " failed: test failed";

    // Operation.Path()/From(): a missing or null member is "missing value", a non-string one a decode error.
    private static string? ReadString(JsonObject operation, string name, out string value)
    {
        value = "unknown";
        if (!operation.TryGetPropertyValue(name, out var node) || node is null)
        {
            return name == "from"
                ? "operation, missing from field: missing value"
                : "operation missing path field: missing value";
        }

        if (GoValues.KindOf(node) != GoKind.String)
        {
            return "json: cannot unmarshal " + GoJson.TypeName(node) + " into Go value of type string";
        }

        value = node.GetValue<string>();
        return null;
    }
}
