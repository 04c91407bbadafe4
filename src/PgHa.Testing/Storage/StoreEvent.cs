namespace PgHa.Testing.Storage;

/// <summary>
/// One change to the store, as recorded in a resource's history: the new version (for deletions, the
/// last version, re-stamped with the deletion's resourceVersion) and the version it replaced.
/// </summary>
internal sealed record StoreEvent(WatchEventType Type, StoredObject Object, StoredObject? Previous)
{
    public long ResourceVersion => Object.ResourceVersion;
}
