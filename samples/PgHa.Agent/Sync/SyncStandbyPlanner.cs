using PgHa.Agent.Postgres;

namespace PgHa.Agent.Sync;

/// <summary>
/// Patroni's synchronous_mode, as a pure decision: the leader keeps exactly one healthy streaming standby as its
/// synchronous standby, and records in <c>-sync</c> only a standby PostgreSQL has confirmed (<c>sync_state = sync</c>).
/// When no standby is healthy the configured one stays configured, so commits wait instead of being acknowledged
/// by the primary alone: availability of writes is traded for never losing an acknowledged one.
/// </summary>
internal static class SyncStandbyPlanner
{
    public const string Streaming = "streaming";
    public const string Sync = "sync";

    /// <param name="recorded">The standby named in <c>-sync</c> under this leader, or null.</param>
    /// <param name="configured">The standby this leader set in <c>synchronous_standby_names</c>, or null.</param>
    /// <param name="standbys">The primary's <c>pg_stat_replication</c>.</param>
    /// <param name="members">The cluster's members: only they may become the synchronous standby (<c>pg_stat_replication</c> also lists <c>pg_basebackup</c> while a member clones).</param>
    public static SyncPlan Plan(string? recorded, string? configured, IReadOnlyList<StandbyStatus> standbys, IReadOnlySet<string> members)
    {
        if (configured is not null)
        {
            var row = standbys.FirstOrDefault(s => s.Name == configured);
            if (row is not null && row.State == Streaming && row.SyncState == Sync)
            {
                return configured == recorded
                    ? SyncPlan.Keep($"{configured} is the confirmed synchronous standby")
                    : new SyncPlan(SyncPlanKind.Record, configured, $"PostgreSQL confirmed {configured} as synchronous");
            }

            if (row is not null && row.State == Streaming)
            {
                return SyncPlan.Keep($"waiting for PostgreSQL to confirm {configured} as synchronous");
            }
        }

        // The configured standby (if any) is gone or not streaming: pick the healthy one furthest ahead.
        var candidate = standbys
            .Where(s => s.State == Streaming && s.Name != configured && members.Contains(s.Name))
            .OrderByDescending(s => s.FlushPosition ?? long.MinValue)
            .ThenBy(s => s.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        if (candidate is null)
        {
            return SyncPlan.Keep(configured is null
                ? "no healthy standby to make synchronous"
                : $"no healthy standby: keeping {configured} configured, so commits wait for it");
        }

        return new SyncPlan(SyncPlanKind.Change, candidate.Name, configured is null
            ? $"{candidate.Name} is a healthy streaming standby"
            : $"{configured} is not streaming; {candidate.Name} is");
    }
}
