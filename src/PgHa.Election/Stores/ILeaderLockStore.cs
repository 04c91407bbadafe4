using PgHa.Election.Records;

namespace PgHa.Election.Stores;

/// <summary>
/// Where the leader lock lives: one Kubernetes object, read, written with compare-and-swap on its
/// resourceVersion, and watched. Implementations never throw for a lost race: that is
/// <see cref="LockWriteOutcome.Conflict"/>.
/// </summary>
public interface ILeaderLockStore
{
    /// <summary>The object, for logs: e.g. <c>configmaps default/acid-minimal-cluster-leader</c>.</summary>
    string Description { get; }

    /// <summary>Reads the lock object; null when it does not exist.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    Task<LockSnapshot?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="record"/>: creates the object when <paramref name="expected"/> is null (losing a creation
    /// race is a conflict), else replaces the record on the version <paramref name="expected"/> was read at (a newer
    /// version is a conflict). Annotations other than the record's are left as they are.
    /// </summary>
    /// <param name="record">The record to write; a free record releases the lock.</param>
    /// <param name="expected">The snapshot the write is based on, or null to create.</param>
    /// <param name="cancellationToken">Cancels the request (the write may still have happened).</param>
    Task<LockWriteResult> TryWriteAsync(LeaderRecord record, LockSnapshot? expected, CancellationToken cancellationToken);

    /// <summary>
    /// Watches the lock object from <paramref name="resourceVersion"/>: each change as a snapshot, a deletion as null.
    /// The sequence ends when the server ends the stream and throws when the watch fails (410 Gone included);
    /// the caller reads again and resumes.
    /// </summary>
    /// <param name="resourceVersion">The version to watch from (the last one read), or null to start with the current state.</param>
    /// <param name="cancellationToken">Stops the watch.</param>
    IAsyncEnumerable<LockSnapshot?> WatchAsync(string? resourceVersion, CancellationToken cancellationToken);
}
