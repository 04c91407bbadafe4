namespace PgHa.Testing.Storage;

/// <summary>The event types of a watch stream, as kube-apiserver spells them on the wire.</summary>
internal enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error,
}
