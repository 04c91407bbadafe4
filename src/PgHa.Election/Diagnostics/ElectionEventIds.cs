namespace PgHa.Election.Diagnostics;

/// <summary>The event ids of PgHa.Election's log messages (1000-1099), for filtering and alerting.</summary>
public static class ElectionEventIds
{
    /// <summary>This member took the lock.</summary>
    public const int Acquired = 1001;

    /// <summary>This member stopped leading without releasing (deadline, lost lock, shutdown).</summary>
    public const int SteppedDown = 1002;

    /// <summary>This member released the lock.</summary>
    public const int Released = 1003;

    /// <summary>A write lost a compare-and-swap race.</summary>
    public const int LostRace = 1004;

    /// <summary>A write to the lock failed (API error or timeout).</summary>
    public const int WriteFailed = 1005;

    /// <summary>The watch of the lock failed and is restarted.</summary>
    public const int WatchFailed = 1006;

    /// <summary>The lock holds a value that cannot be read.</summary>
    public const int MalformedRecord = 1007;

    /// <summary>The lock changed hands.</summary>
    public const int LeaderObserved = 1008;

    /// <summary>This member may not take the lock.</summary>
    public const int NotEligible = 1009;

    /// <summary>This member leaves the lock to a member further ahead.</summary>
    public const int Deferring = 1010;

    /// <summary>An event handler threw.</summary>
    public const int HandlerFailed = 1011;

    /// <summary>Timing options were adjusted as Patroni does.</summary>
    public const int TimingsAdjusted = 1012;

    /// <summary><see cref="ILeaderElector.ReleaseAsync"/> found nothing to release: this member does not lead, or the lock is another's.</summary>
    public const int NotReleased = 1013;
}
