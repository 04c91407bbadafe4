using PgHa.Election.Records;

namespace PgHa.Election.Expiry;

/// <summary>
/// The default, as Patroni and client-go judge a lock: never trust the writer's clock. Every change of the
/// holder-written fields restarts a local monotonic clock; the lock is free once <c>observedAt + ttl &lt;= now</c>.
/// A holder that stops renewing is therefore noticed exactly one ttl after its last write was seen, whatever
/// the clocks of the machines say.
/// </summary>
public sealed class ObservedTimeExpiry : ILeaseExpiryPolicy
{
    /// <summary>The shared instance (the policy has no state).</summary>
    public static ObservedTimeExpiry Instance { get; } = new();

    /// <inheritdoc />
    public LeaseObservation Observe(LeaseObservation? previous, RecordReadResult read, ClockReading now) =>
        previous is not null && string.Equals(previous.Fingerprint, read.Fingerprint, StringComparison.Ordinal)
            ? previous
            : new LeaseObservation(read.Fingerprint, now.Timestamp, read.Record, read.Error is not null);

    /// <inheritdoc />
    public long FreeAt(LeaseObservation observation, TimeSpan defaultTtl, ClockReading now)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return observation.CountsAsHeld ? now.After(observation.ObservedAt, observation.Record.Ttl ?? defaultTtl) : long.MinValue;
    }
}
