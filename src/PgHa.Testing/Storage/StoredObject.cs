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
        _object = obj;
        ResourceVersion = resourceVersion;
        var metadata = obj.Object("metadata");
        Namespace = metadata.String("namespace");
        Name = metadata.String("name") ?? string.Empty;
        Uid = metadata.String("uid") ?? string.Empty;

        // Detached, so keeping the labels of an old version does not keep its whole tree alive (nodes know their parent).
        Labels = metadata.Object("labels")?.DeepClone() as JsonObject;

        // Serializing here, inside the writer's critical section, also fully materialises the tree, which
        // makes the concurrent read-only access that follows safe.
        Json = obj.ToUtf8();
    }

    private byte[]?[]? _lines;
    private JsonObject? _object;

    public ResourceType Type { get; }

    /// <summary>
    /// The object; never mutate it (clone first). A superseded version keeps only its bytes (the watch history
    /// holds thousands of versions, and their trees would dominate the heap); its tree is rebuilt on demand.
    /// </summary>
    public JsonObject Object => Volatile.Read(ref _object) ?? (JsonObject)JsonTree.Parse(Json)!;

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

    /// <summary>
    /// The watch stream line for this version (<c>{"type":"MODIFIED","object":...}</c> and a newline), built once
    /// and shared by every watcher: fan-out to many watchers then costs one copy each.
    /// </summary>
    public byte[] WatchLine(WatchEventType type)
    {
        var index = type switch
        {
            WatchEventType.Added => 0,
            WatchEventType.Modified => 1,
            _ => 2,
        };
        var lines = Volatile.Read(ref _lines);
        if (lines is null)
        {
            Interlocked.CompareExchange(ref _lines, new byte[]?[3], null);
            lines = _lines!;
        }

        var line = Volatile.Read(ref lines[index]);
        if (line is null)
        {
            var prefix = index switch
            {
                0 => "{\"type\":\"ADDED\",\"object\":"u8,
                1 => "{\"type\":\"MODIFIED\",\"object\":"u8,
                _ => "{\"type\":\"DELETED\",\"object\":"u8,
            };
            line = new byte[prefix.Length + Json.Length + 2];
            prefix.CopyTo(line);
            Json.CopyTo(line.AsSpan(prefix.Length));
            line[^2] = (byte)'}';
            line[^1] = (byte)'\n';
            Interlocked.CompareExchange(ref lines[index], line, null);
        }

        return line;
    }

    /// <summary>Drops the tree of a version that a newer one replaced (called by the store once every listener has seen the change).</summary>
    internal void Supersede() => Volatile.Write(ref _object, null);

    /// <summary>A deep copy to modify and store as a new version.</summary>
    public JsonObject CloneObject() => (JsonObject)Object.DeepClone();
}
