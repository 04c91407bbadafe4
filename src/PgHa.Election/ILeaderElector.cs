using PgHa.Election.Records;

namespace PgHa.Election;

/// <summary>Leader election for one member of one cluster. Events are raised in order on a dispatcher of their own, never inside the renew path.</summary>
public interface ILeaderElector : IAsyncDisposable
{
    /// <summary>This member's identity.</summary>
    string Identity { get; }

    /// <summary>True while this member leads; false from the moment it steps down.</summary>
    bool IsLeader { get; }

    /// <summary>The current term while leading, else null.</summary>
    LeadershipTerm? Term { get; }

    /// <summary>The lock record as last observed, or null before the first read.</summary>
    LeaderRecord? ObservedRecord { get; }

    /// <summary>Raised when this member becomes the leader.</summary>
    event EventHandler<LeadershipStartedEventArgs>? LeadershipStarted;

    /// <summary>Raised after this member stopped leading (its leadership token is already cancelled).</summary>
    event EventHandler<LeadershipStoppedEventArgs>? LeadershipStopped;

    /// <summary>Raised when the lock changes hands or becomes free.</summary>
    event EventHandler<LeaderObservedEventArgs>? LeaderObserved;

    /// <summary>Runs the election until cancelled; then, when leading, steps down and (if configured) releases the lock.</summary>
    /// <param name="cancellationToken">Stops the election.</param>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Gives up leadership now and releases the lock so another member takes over at once; this member then abstains for one ttl.</summary>
    /// <param name="cancellationToken">Cancels the release write.</param>
    /// <returns>True when the lock was released; false when this member did not hold it or the write failed.</returns>
    Task<bool> ReleaseAsync(CancellationToken cancellationToken);
}
