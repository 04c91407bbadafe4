using PgHa.Election.Records;

namespace PgHa.Election.Stores;

/// <summary>The lock object as read: its record, what could not be read, the holder-written fingerprint, its resourceVersion and all its annotations.</summary>
/// <param name="Record">The lock record.</param>
/// <param name="Error">The first malformed value, or null.</param>
/// <param name="Fingerprint">Changes exactly when the holder writes the lock.</param>
/// <param name="ResourceVersion">The object's resourceVersion: the precondition of the next compare-and-swap.</param>
/// <param name="Annotations">Every annotation of the object (Patroni's <c>slots</c>, <c>failsafe</c>, ...), untouched by this library.</param>
public sealed record LockSnapshot(
    LeaderRecord Record,
    RecordParseError? Error,
    string Fingerprint,
    string ResourceVersion,
    IReadOnlyDictionary<string, string> Annotations)
{
    /// <summary>The record read result, as the expiry policies take it.</summary>
    public RecordReadResult ReadResult => new(Record, Error, Fingerprint);
}
