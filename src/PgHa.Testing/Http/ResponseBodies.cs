using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using PgHa.Testing.Api;
using PgHa.Testing.Json;
using PgHa.Testing.Resources;
using PgHa.Testing.Storage;

namespace PgHa.Testing.Http;

/// <summary>Builds the JSON bodies the server answers with, reusing each stored object's serialized bytes.</summary>
internal static class ResponseBodies
{
    /// <summary>The object as served in <paramref name="served"/>'s version (custom resources with several versions differ only in apiVersion).</summary>
    public static byte[] Object(StoredObject obj, ResourceType served)
    {
        if (obj.Type.Version == served.Version)
        {
            return obj.Json;
        }

        var copy = obj.CloneObject();
        copy["apiVersion"] = served.ApiVersion;
        return copy.ToUtf8();
    }

    public static JsonObject ObjectNode(StoredObject obj, ResourceType served)
    {
        var copy = obj.CloneObject();
        copy["apiVersion"] = served.ApiVersion;
        return copy;
    }

    public static byte[] List(ResourceType type, ListResult result)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (result.Items.Count * 512));
        using (var writer = new Utf8JsonWriter(buffer, JsonTree.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", type.ListKind);
            writer.WriteString("apiVersion", type.ApiVersion);
            writer.WriteStartObject("metadata");
            writer.WriteString("resourceVersion", result.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (result.Continue is not null)
            {
                writer.WriteString("continue", result.Continue);
            }

            if (result.RemainingItemCount is { } remaining)
            {
                writer.WriteNumber("remainingItemCount", remaining);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("items");
            foreach (var item in result.Items)
            {
                writer.WriteRawValue(Object(item, type), skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>kube's metadata-only view of an object (<c>PartialObjectMetadata</c>).</summary>
    public static JsonObject PartialObjectMetadata(StoredObject obj) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = "meta.k8s.io/v1",
        ["metadata"] = obj.Object["metadata"]?.DeepClone(),
    };

    public static byte[] PartialObjectMetadataList(ListResult result)
    {
        var items = new JsonArray();
        foreach (var item in result.Items)
        {
            items.Add(PartialObjectMetadata(item));
        }

        var metadata = new JsonObject { ["resourceVersion"] = result.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (result.Continue is not null)
        {
            metadata["continue"] = result.Continue;
        }

        return new JsonObject
        {
            ["kind"] = "PartialObjectMetadataList",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["items"] = items,
        }.ToUtf8();
    }

    /// <summary>The Status kube answers a delete with when it returns no object.</summary>
    public static byte[] DeleteSuccess(StoredObject obj) => new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = Details(obj),
    }.ToUtf8();

    private static JsonObject Details(StoredObject obj)
    {
        var details = new JsonObject { ["name"] = obj.Name };
        if (obj.Type.Group.Length > 0)
        {
            details["group"] = obj.Type.Group;
        }

        details["kind"] = obj.Type.Plural;
        details["uid"] = obj.Uid;
        return details;
    }
}
