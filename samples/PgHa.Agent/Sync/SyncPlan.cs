namespace PgHa.Agent.Sync;

/// <summary>What the leader does about its synchronous standby on this loop.</summary>
internal enum SyncPlanKind
{
    /// <summary>Nothing to do: the recorded standby is confirmed, or PostgreSQL has not confirmed the configured one yet.</summary>
    Keep,

    /// <summary>PostgreSQL confirmed the configured standby as <c>sync</c>: record it in <c>-sync</c>.</summary>
    Record,

    /// <summary>Switch to another standby: clear the record, configure PostgreSQL, wait for confirmation, record it.</summary>
    Change,
}

/// <summary>A decision of <see cref="SyncStandbyPlanner"/>.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Standby">The standby to record or change to; null for <see cref="SyncPlanKind.Keep"/>.</param>
/// <param name="Reason">Why, for logs.</param>
internal sealed record SyncPlan(SyncPlanKind Kind, string? Standby, string Reason)
{
    public static SyncPlan Keep(string reason) => new(SyncPlanKind.Keep, null, reason);
}
