using k8s;
using k8s.Models;

namespace PgHa.Routing.Routers;

/// <summary>
/// The latest known version of each object of one kind, fed by reads, watch events and the router's own writes.
/// The watch may deliver a version older than one a write already returned, so, as Patroni's cache does, a version
/// replaces the cached one only when its resourceVersion is greater; deletions leave a tombstone so that an older
/// event cannot bring a deleted object back. resourceVersions that are not integers are taken in arrival order.
/// </summary>
/// <typeparam name="T">The kind.</typeparam>
internal sealed class ObjectCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Whether a full read (list) has filled the cache.</summary>
    public bool Primed { get; private set; }

    /// <summary>The objects present, by name.</summary>
    public IReadOnlyList<T> Items
    {
        get
        {
            var items = new List<T>(_entries.Count);
            foreach (var entry in _entries.Values)
            {
                if (entry.Object is { } item)
                {
                    items.Add(item);
                }
            }

            items.Sort(static (a, b) => string.CompareOrdinal(a.Name(), b.Name()));
            return items;
        }
    }

    /// <summary>The object named <paramref name="name"/>, or null.</summary>
    public T? Get(string name) => _entries.TryGetValue(name, out var entry) ? entry.Object : null;

    /// <summary>Takes in a version of an object; true when it changed what the cache holds.</summary>
    public bool Set(T item)
    {
        var name = item.Name();
        var version = item.ResourceVersion();
        if (_entries.TryGetValue(name, out var entry) && !IsNewer(version, entry.Version))
        {
            return false;
        }

        _entries[name] = new Entry(item, version);
        return true;
    }

    /// <summary>Takes in the deletion of an object at <paramref name="version"/> (its last version); true when it changed what the cache holds.</summary>
    public bool Remove(string name, string? version)
    {
        if (_entries.TryGetValue(name, out var entry) && version is not null && !IsNewer(version, entry.Version) && version != entry.Version)
        {
            return false;
        }

        _entries[name] = new Entry(null, version ?? entry?.Version);
        return entry?.Object is not null;
    }

    /// <summary>
    /// Takes in a full list read at <paramref name="listVersion"/>: listed objects replace older cached ones; cached
    /// objects the list lacks are gone unless a write made them after the list was read. True when anything changed.
    /// </summary>
    public bool Replace(IEnumerable<T> items, string? listVersion)
    {
        var changed = !Primed;
        Primed = true;
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            listed.Add(item.Name());
            changed |= Set(item);
        }

        foreach (var (name, entry) in _entries.ToList())
        {
            if (listed.Contains(name) || (listVersion is not null && entry.Version is not null && IsNewer(entry.Version, listVersion) && IsNumber(listVersion)))
            {
                continue;
            }

            changed |= entry.Object is not null;
            _entries.Remove(name);
        }

        return changed;
    }

    /// <summary>Forgets everything, so the next use reads afresh.</summary>
    public void Reset()
    {
        _entries.Clear();
        Primed = false;
    }

    // True when candidate is a later version than current; in arrival order when either is not an integer.
    private static bool IsNewer(string? candidate, string? current) =>
        !long.TryParse(candidate, out var a) || !long.TryParse(current, out var b) || a > b;

    private static bool IsNumber(string value) => long.TryParse(value, out _);

    private sealed record Entry(T? Object, string? Version);
}
