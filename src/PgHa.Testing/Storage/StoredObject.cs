using System.Text.Json.Nodes;
using PgHa.Testing.Json;
using PgHa.Testing.Resources;

namespace PgHa.Testing.Storage;

/// <summary>
/// One version of a stored object. Immutable once created: writers build a new tree and store a new
/// <see cref="StoredObject"/>, so readers (lists, watches, controllers) share versions without copying.
/// </summary>
internal sealed class StoredObject
{
    public StoredObject(ResourceType type, JsonObject obj, long resourceVersion)
    {
        Type = type;
        Object = obj;
        ResourceVersion = resourceVersion;
        var metadata = obj.Object("metadata");
        Namespace = metadata.String("namespace");
        Name = metadata.String("name") ?? string.Empty;
        Uid = metadata.String("uid") ?? string.Empty;
        Labels = metadata.Object("labels");

        // Serializing here, inside the writer's critical section, also fully materialises the tree, which
        // makes the concurrent read-only access that follows safe.
        Json = obj.ToUtf8();
    }

    public ResourceType Type { get; }

    /// <summary>The object; never mutate it (clone first).</summary>
    public JsonObject Object { get; }

    public long ResourceVersion { get; }

    public string? Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    public JsonObject? Labels { get; }

    /// <summary>The object as UTF-8 JSON, exactly as served.</summary>
    public byte[] Json { get; }

    public ObjectKey Key => new(Namespace, Name);

    public JsonObject? Metadata => Object.Object("metadata");

    /// <summary>True when the object carries a deletion timestamp (it is waiting for finalizers).</summary>
    public bool IsBeingDeleted => Metadata.String("deletionTimestamp") is not null;

    /// <summary>A deep copy to modify and store as a new version.</summary>
    public JsonObject CloneObject() => (JsonObject)Object.DeepClone();
}
