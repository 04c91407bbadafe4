namespace PgHa.Agent;

/// <summary>The values of <see cref="PostgresAgent.Role"/>.</summary>
public static class AgentRoles
{
    /// <summary>Runs the primary and holds the lock.</summary>
    public const string Master = "master";

    /// <summary>Runs a standby following the master Service.</summary>
    public const string Replica = "replica";

    /// <summary>Creating or copying its database (initdb, base backup, rewind) or starting PostgreSQL.</summary>
    public const string Bootstrapping = "bootstrapping";

    /// <summary>PostgreSQL is not running (not started yet, dead, being demoted, or the agent stopped).</summary>
    public const string Stopped = "stopped";
}
