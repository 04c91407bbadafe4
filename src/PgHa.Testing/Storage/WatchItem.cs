namespace PgHa.Testing.Storage;

/// <summary>
/// One entry of a watch stream as queued for a subscriber: an object event, a bookmark at a
/// resourceVersion, or a terminal error (a Status object, e.g. 410 Expired).
/// </summary>
internal readonly record struct WatchItem(WatchEventType Type, StoredObject? Object, long ResourceVersion, byte[]? Status = null, bool InitialEventsEnd = false);
