using System.Text.Json.Nodes;
using PgHa.Testing.Patching;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Api;

/// <summary>Applies a PATCH body to the current object with the engine its content type names, turning engine failures into kube's Status errors.</summary>
internal static class ObjectPatcher
{
    public static JsonObject Apply(PatchType type, JsonObject current, JsonNode? patch, SchemaNode? schema)
    {
        try
        {
            return type switch
            {
                PatchType.Json => JsonPatch.Apply(current, patch) as JsonObject
                    ?? throw new PatchException(422, "Invalid", PatchException.GenericInvalidMessage, "the patched document is not an object"),
                PatchType.Merge => JsonMergePatch.ApplyDocument(current, patch),
                _ => StrategicMergePatch.ApplyDocument(current, patch, schema),
            };
        }
        catch (PatchException e)
        {
            throw new ApiException(e.StatusCode, e.Reason, e.Message);
        }
    }
}
