namespace PgHa.Election.Records;

/// <summary>What was read from a lock object: the record, the first malformed value (if any), and the fingerprint of the holder-written fields.</summary>
/// <param name="Record">The record, with every field that could be read.</param>
/// <param name="Error">The first value that could not be read, or null.</param>
/// <param name="Fingerprint">Changes exactly when the holder writes the lock (renews, takes or releases it); used to restart the observation clock.</param>
public readonly record struct RecordReadResult(LeaderRecord Record, RecordParseError? Error, string Fingerprint);
