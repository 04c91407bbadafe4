namespace PgHa.Demo.Scenario;

/// <summary>The three failures the demo injects, in turn, on whichever member leads.</summary>
internal enum FailureKind
{
    /// <summary>(a) SIGKILL of the primary's postmaster while its agent lives: the agent releases the lock at once.</summary>
    PostmasterKilled,

    /// <summary>(b) Agent and postmaster die together, like a lost node: the lock expires after its ttl.</summary>
    NodeLost,

    /// <summary>(c) A planned switchover: the leader stops PostgreSQL cleanly and releases the lock.</summary>
    Switchover,
}

/// <summary>What one scenario measured.</summary>
internal sealed record ScenarioResult(FailureKind Kind, string Title, TimeSpan Downtime, TimeSpan Limit, int Lost, Timeline Timeline, string? Problem)
{
    public bool Passed => Problem is null && Lost == 0 && Downtime <= Limit;
}
