namespace PgHa.Agent;

/// <summary>What the leader does when its postmaster dies.</summary>
public enum PostmasterFailurePolicy
{
    /// <summary>Patroni's default: restart PostgreSQL as the primary once, keeping the lock; release it if PostgreSQL is not back before the renew deadline.</summary>
    RestartFirst,

    /// <summary>Release the lock at once so the sync standby takes over, then rejoin as a standby (rewind or clone, follow the master Service).</summary>
    ReleaseLock,
}
