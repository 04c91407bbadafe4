using PgHa.Election.Records;

namespace PgHa.Election.Expiry;

/// <summary>What a member last saw of the lock and when, on its own monotonic clock.</summary>
/// <param name="Fingerprint">The holder-written fields as observed (<see cref="RecordReadResult.Fingerprint"/>).</param>
/// <param name="ObservedAt">The monotonic timestamp at which this fingerprint was first seen.</param>
/// <param name="Record">The record as read.</param>
/// <param name="Malformed">True when a value of the record could not be read; the lock then counts as held until it expires.</param>
public sealed record LeaseObservation(string Fingerprint, long ObservedAt, LeaderRecord Record, bool Malformed = false)
{
    /// <summary>True when the lock counts as held: it names a holder, or it could not be read (held by an unknown holder, the safe side).</summary>
    public bool CountsAsHeld => Record.IsHeld || Malformed;
}
