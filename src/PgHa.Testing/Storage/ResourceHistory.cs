namespace PgHa.Testing.Storage;

/// <summary>
/// The recent events of one resource, kept so a watch can resume from a resourceVersion. Older events
/// are dropped as new ones arrive; a resume from before the oldest kept event is answered with
/// 410 Expired, as kube-apiserver does once etcd has compacted.
/// </summary>
internal sealed class ResourceHistory
{
    private readonly StoreEvent[] _ring;
    private int _start;
    private int _count;

    public ResourceHistory(int capacity, long createdAt)
    {
        _ring = new StoreEvent[Math.Max(1, capacity)];
        CompactedThrough = createdAt;
    }

    /// <summary>Every event at or below this resourceVersion may have been dropped.</summary>
    public long CompactedThrough { get; private set; }

    public void Add(StoreEvent e)
    {
        if (_count == _ring.Length)
        {
            CompactedThrough = _ring[_start].ResourceVersion;
            _start = (_start + 1) % _ring.Length;
            _count--;
        }

        _ring[(_start + _count) % _ring.Length] = e;
        _count++;
    }

    /// <summary>Forgets every event: a resume from any earlier resourceVersion now gets 410.</summary>
    public void Compact(long through)
    {
        CompactedThrough = Math.Max(CompactedThrough, through);
        Array.Clear(_ring);
        _start = 0;
        _count = 0;
    }

    /// <summary>True when every event after <paramref name="resourceVersion"/> is still kept.</summary>
    public bool CanResumeFrom(long resourceVersion) => resourceVersion >= CompactedThrough;

    /// <summary>The kept events after <paramref name="resourceVersion"/>, oldest first.</summary>
    public IEnumerable<StoreEvent> After(long resourceVersion)
    {
        for (var i = 0; i < _count; i++)
        {
            var e = _ring[(_start + i) % _ring.Length];
            if (e.ResourceVersion > resourceVersion)
            {
                yield return e;
            }
        }
    }
}
