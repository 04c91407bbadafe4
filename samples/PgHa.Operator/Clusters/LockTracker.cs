using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using PgHa.Election.Expiry;

namespace PgHa.Operator.Clusters;

/// <summary>
/// What the operator last observed of each lock object and when, on its own monotonic clock, updated as the lock
/// informer delivers events (not when a worker gets to the cluster), so that expiry is measured as Patroni and
/// PgHa.Election measure it: the moment the record last changed plus its ttl.
/// </summary>
internal sealed class LockTracker(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, LeaseObservation> _observations = new(StringComparer.Ordinal);

    /// <summary>Takes in a lock object's current version (key: <c>namespace/name</c>).</summary>
    /// <returns>True when the record changed (a new fingerprint), false for a resourceVersion bump alone.</returns>
    public bool Observe(string key, IKubernetesObject<V1ObjectMeta> lockObject)
    {
        var read = LockReader.Read(lockObject);
        var now = ClockReading.From(time);
        var changed = false;
        _observations.AddOrUpdate(
            key,
            _ =>
            {
                changed = true;
                return ObservedTimeExpiry.Instance.Observe(null, read, now);
            },
            (_, previous) =>
            {
                var next = ObservedTimeExpiry.Instance.Observe(previous, read, now);
                changed = !ReferenceEquals(next, previous);
                return next;
            });
        return changed;
    }

    /// <summary>Forgets a deleted lock object.</summary>
    public void Forget(string key) => _observations.TryRemove(key, out _);

    /// <summary>The lock as last observed; null when no lock object is known.</summary>
    public LeaseObservation? Get(string key) => _observations.TryGetValue(key, out var observation) ? observation : null;
}
