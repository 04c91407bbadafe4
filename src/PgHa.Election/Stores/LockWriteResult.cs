namespace PgHa.Election.Stores;

/// <summary>The result of a lock write: the outcome, the snapshot written, or the error.</summary>
/// <param name="Outcome">How the write ended.</param>
/// <param name="Snapshot">The object after a successful write.</param>
/// <param name="Error">What failed, for <see cref="LockWriteOutcome.Failed"/>.</param>
public sealed record LockWriteResult(LockWriteOutcome Outcome, LockSnapshot? Snapshot = null, Exception? Error = null);
