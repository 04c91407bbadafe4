using System.Globalization;
using System.Text.Json.Nodes;
using PgHa.Testing.Json;
using PgHa.Testing.Resources;

namespace PgHa.Testing.Storage;

/// <summary>
/// The server's state: every object of every resource, one cluster-wide resourceVersion counter that
/// only grows, a bounded event history per resource and the live watchers. All writes run under one
/// lock in <see cref="Write{T}"/>, which gives every change a total order (as etcd revisions do) and lets
/// watchers receive events in exactly that order.
/// </summary>
internal sealed class ObjectStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, ResourceBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredObject> _byUid = new(StringComparer.Ordinal);
    private readonly List<Action<StoreEvent>> _listeners = [];

    // Resources that stopped being served (a deleted CRD), with the resourceVersion they ended at: a new
    // incarnation must not let a watch resume across the events of the old one.
    private readonly Dictionary<string, long> _retired = new(StringComparer.Ordinal);
    private readonly int _historyCapacity;
    private readonly int _watchQueueCapacity;
    private readonly StoreTransaction _transaction;
    private long _resourceVersion;

    public ObjectStore(int historyCapacity, int watchQueueCapacity)
    {
        _historyCapacity = historyCapacity;
        _watchQueueCapacity = watchQueueCapacity;
        _transaction = new StoreTransaction(this);
    }

    /// <summary>The resourceVersion of the latest change.</summary>
    public long ResourceVersion => Volatile.Read(ref _resourceVersion);

    /// <summary>Registers a callback run under the store lock for every change (controllers queue work from it; it must not block).</summary>
    public void AddListener(Action<StoreEvent> listener)
    {
        lock (_gate)
        {
            _listeners.Add(listener);
        }
    }

    public StoredObject? Get(ResourceType type, ObjectKey key)
    {
        lock (_gate)
        {
            return GetLocked(type, key);
        }
    }

    public StoredObject? GetByUid(string uid)
    {
        lock (_gate)
        {
            return _byUid.GetValueOrDefault(uid);
        }
    }

    /// <summary>A consistent snapshot of the matching objects, in key order, and the resourceVersion it reflects.</summary>
    public (List<StoredObject> Items, long ResourceVersion) List(ResourceType type, ObjectFilter filter)
    {
        lock (_gate)
        {
            return (ListLocked(type, filter), _resourceVersion);
        }
    }

    /// <summary>Runs <paramref name="action"/> atomically against the store.</summary>
    public T Write<T>(Func<StoreTransaction, T> action)
    {
        lock (_gate)
        {
            return action(_transaction);
        }
    }

    /// <summary>
    /// Opens a watch. With <paramref name="fromResourceVersion"/> null the watcher first gets the current
    /// matching objects as ADDED events; otherwise every kept event after that resourceVersion.
    /// Returns null and the oldest resumable resourceVersion when the history no longer reaches back.
    /// </summary>
    public WatchSubscription? Watch(ResourceType type, ObjectFilter filter, long? fromResourceVersion, bool initialEventsEndBookmark, string? client, out long oldestResumable)
    {
        lock (_gate)
        {
            var bucket = BucketLocked(type);
            oldestResumable = bucket.History.CompactedThrough;
            var subscription = new WatchSubscription(this, type, filter, _watchQueueCapacity, client);
            if (fromResourceVersion is null)
            {
                foreach (var obj in ListLocked(type, filter))
                {
                    if (!subscription.Enqueue(new WatchItem(WatchEventType.Added, obj, obj.ResourceVersion)))
                    {
                        break;
                    }
                }

                if (initialEventsEndBookmark)
                {
                    subscription.Enqueue(new WatchItem(WatchEventType.Bookmark, null, _resourceVersion, InitialEventsEnd: true));
                }
            }
            else
            {
                if (!bucket.History.CanResumeFrom(fromResourceVersion.Value))
                {
                    return null;
                }

                foreach (var e in bucket.History.After(fromResourceVersion.Value))
                {
                    if (!subscription.Offer(e))
                    {
                        break;
                    }
                }
            }

            if (!subscription.Overflowed)
            {
                bucket.Watchers.Add(subscription);
            }

            return subscription;
        }
    }

    /// <summary>
    /// True when no object of <paramref name="type"/> changed after <paramref name="resourceVersion"/> and
    /// the history still reaches back that far, so the current state is the state at that version.
    /// </summary>
    public bool UnchangedSince(ResourceType type, long resourceVersion)
    {
        lock (_gate)
        {
            var history = BucketLocked(type).History;
            return history.CanResumeFrom(resourceVersion) && !history.After(resourceVersion).Any();
        }
    }

    /// <summary>Queues a bookmark at the current resourceVersion behind every event already queued for the watcher.</summary>
    public void Bookmark(WatchSubscription subscription)
    {
        lock (_gate)
        {
            subscription.Enqueue(new WatchItem(WatchEventType.Bookmark, null, _resourceVersion));
        }
    }

    /// <summary>Closes the watches <paramref name="predicate"/> selects, each after an optional final Status event.</summary>
    public int CloseWatches(Func<WatchSubscription, bool> predicate, byte[]? status)
    {
        lock (_gate)
        {
            var closed = 0;
            foreach (var bucket in _buckets.Values)
            {
                for (var i = bucket.Watchers.Count - 1; i >= 0; i--)
                {
                    var watcher = bucket.Watchers[i];
                    if (predicate(watcher))
                    {
                        bucket.Watchers.RemoveAt(i);
                        watcher.Close(status);
                        closed++;
                    }
                }
            }

            return closed;
        }
    }

    /// <summary>Drops every resource's history, so a watch resuming from any earlier resourceVersion gets 410 Gone.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            foreach (var bucket in _buckets.Values)
            {
                bucket.History.Compact(_resourceVersion);
            }
        }
    }

    public int WatcherCount
    {
        get
        {
            lock (_gate)
            {
                return _buckets.Values.Sum(b => b.Watchers.Count);
            }
        }
    }

    internal void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            if (_buckets.TryGetValue(subscription.Type.GroupResource, out var bucket))
            {
                bucket.Watchers.Remove(subscription);
            }
        }
    }

    private StoredObject? GetLocked(ResourceType type, ObjectKey key) =>
        _buckets.TryGetValue(type.GroupResource, out var bucket) &&
        bucket.Namespaces.TryGetValue(key.Namespace ?? string.Empty, out var names) &&
        names.TryGetValue(key.Name, out var obj)
            ? obj
            : null;

    private List<StoredObject> ListLocked(ResourceType type, ObjectFilter filter)
    {
        var result = new List<StoredObject>();
        if (!_buckets.TryGetValue(type.GroupResource, out var bucket))
        {
            return result;
        }

        if (filter.Namespace is not null)
        {
            if (bucket.Namespaces.TryGetValue(filter.Namespace, out var names))
            {
                AddMatching(names.Values, filter, result);
            }

            return result;
        }

        foreach (var names in bucket.Namespaces.Values)
        {
            AddMatching(names.Values, filter, result);
        }

        return result;
    }

    private static void AddMatching(IEnumerable<StoredObject> objects, ObjectFilter filter, List<StoredObject> result)
    {
        foreach (var obj in objects)
        {
            if (filter.Predicate is null || filter.Predicate(obj))
            {
                result.Add(obj);
            }
        }
    }

    private ResourceBucket BucketLocked(ResourceType type)
    {
        if (!_buckets.TryGetValue(type.GroupResource, out var bucket))
        {
            bucket = new ResourceBucket(new ResourceHistory(_historyCapacity, _retired.GetValueOrDefault(type.GroupResource)));
            _buckets.Add(type.GroupResource, bucket);
        }

        return bucket;
    }

    private StoredObject Commit(ResourceType type, JsonObject obj, StoredObject? previous, WatchEventType eventType)
    {
        var rv = ++_resourceVersion;
        obj.Metadata()["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        var stored = new StoredObject(type, obj, rv);
        var bucket = BucketLocked(type);
        var ns = stored.Namespace ?? string.Empty;
        if (eventType == WatchEventType.Deleted)
        {
            if (bucket.Namespaces.TryGetValue(ns, out var names))
            {
                names.Remove(stored.Name);
                if (names.Count == 0)
                {
                    bucket.Namespaces.Remove(ns);
                }
            }

            _byUid.Remove(stored.Uid);
        }
        else
        {
            if (!bucket.Namespaces.TryGetValue(ns, out var names))
            {
                names = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
                bucket.Namespaces.Add(ns, names);
            }

            names[stored.Name] = stored;
            if (stored.Uid.Length > 0)
            {
                _byUid[stored.Uid] = stored;
            }
        }

        var e = new StoreEvent(eventType, stored, previous);
        bucket.History.Add(e);
        for (var i = bucket.Watchers.Count - 1; i >= 0; i--)
        {
            if (!bucket.Watchers[i].Offer(e))
            {
                bucket.Watchers.RemoveAt(i);
            }
        }

        foreach (var listener in _listeners)
        {
            listener(e);
        }

        previous?.Supersede();
        return stored;
    }

    /// <summary>The operations available inside <see cref="Write{T}"/>; valid only during that call.</summary>
    internal sealed class StoreTransaction
    {
        private readonly ObjectStore _store;

        public StoreTransaction(ObjectStore store) => _store = store;

        public long ResourceVersion => _store._resourceVersion;

        public StoredObject? Get(ResourceType type, ObjectKey key) => _store.GetLocked(type, key);

        public StoredObject? GetByUid(string uid) => _store._byUid.GetValueOrDefault(uid);

        public List<StoredObject> List(ResourceType type, ObjectFilter filter) => _store.ListLocked(type, filter);

        /// <summary>Stores a new object; the caller has checked that the key is free.</summary>
        public StoredObject Insert(ResourceType type, JsonObject obj) => _store.Commit(type, obj, null, WatchEventType.Added);

        /// <summary>Stores a new version of <paramref name="current"/>.</summary>
        public StoredObject Replace(StoredObject current, JsonObject obj) => _store.Commit(current.Type, obj, current, WatchEventType.Modified);

        /// <summary>Removes <paramref name="current"/>; the DELETED event carries its last content at a new resourceVersion.</summary>
        public StoredObject Remove(StoredObject current) => _store.Commit(current.Type, current.CloneObject(), current, WatchEventType.Deleted);

        /// <summary>Removes <paramref name="current"/> with <paramref name="last"/> as its final content (a finalizer removal that completes a deletion).</summary>
        public StoredObject RemoveWith(StoredObject current, JsonObject last) => _store.Commit(current.Type, last, current, WatchEventType.Deleted);

        /// <summary>Closes every watch on a resource that stops being served (a deleted CRD).</summary>
        public void CloseWatches(ResourceType type)
        {
            if (_store._buckets.Remove(type.GroupResource, out var bucket))
            {
                _store._retired[type.GroupResource] = _store._resourceVersion;
                foreach (var watcher in bucket.Watchers)
                {
                    watcher.Close(null);
                }
            }
        }
    }

    private sealed class ResourceBucket(ResourceHistory history)
    {
        public SortedDictionary<string, SortedDictionary<string, StoredObject>> Namespaces { get; } = new(StringComparer.Ordinal);

        public ResourceHistory History { get; } = history;

        public List<WatchSubscription> Watchers { get; } = [];
    }
}
