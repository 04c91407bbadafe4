namespace PgHa.Agent;

/// <summary>What happened to an agent (see <see cref="AgentEventArgs"/>).</summary>
public enum AgentEventKind
{
    /// <summary>The agent took the leader lock (its <see cref="PostgresAgent.IsLeader"/> turned true).</summary>
    LockAcquired,

    /// <summary>A standby was promoted to primary.</summary>
    Promoted,

    /// <summary>The agent created the cluster's database (initdb) and started it as the primary.</summary>
    Bootstrapped,

    /// <summary>The agent gave up the lock on purpose (graceful stop, switchover, dead postmaster).</summary>
    LockReleased,

    /// <summary>The agent lost leadership without releasing (could not renew, the lock was taken).</summary>
    SteppedDown,

    /// <summary>The leader's PostgreSQL was found not running.</summary>
    PostmasterDied,

    /// <summary>A former primary was stopped to become a standby.</summary>
    Demoted,

    /// <summary>A former primary was made fit to follow the new one (pg_rewind).</summary>
    Rewound,

    /// <summary>The data directory was replaced by a base backup of the primary.</summary>
    Cloned,

    /// <summary>PostgreSQL started as a standby following the master Service.</summary>
    StartedStandby,

    /// <summary>The leader recorded a new synchronous standby in <c>&lt;cluster&gt;-sync</c> (Detail names it).</summary>
    SyncStandbyChanged,

    /// <summary>The agent stopped (graceful stop or crash).</summary>
    Stopped,

    /// <summary>The leader restarted its dead PostgreSQL as the primary and kept the lock (<see cref="PostmasterFailurePolicy.RestartFirst"/>).</summary>
    Restarted,

    /// <summary>The agent refused to take the lock (Detail says why); raised when the reason changes, not on every check.</summary>
    LeadershipRefused,
}
