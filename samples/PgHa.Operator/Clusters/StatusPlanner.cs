namespace PgHa.Operator.Clusters;

/// <summary>What the reconcile found, in the words the status uses.</summary>
/// <param name="ClusterStatus">Zalando's summary: <c>Running</c>, <c>Invalid</c>, <c>SyncFailed</c>.</param>
/// <param name="RouteStatus"><c>True</c>, <c>False</c> or <c>Unknown</c>.</param>
/// <param name="Reason">The condition's reason (CamelCase).</param>
/// <param name="Message">The condition's message.</param>
/// <param name="Leader">The member whose lock is live; null when none is.</param>
/// <param name="Term">The lock's transitions; null when no lock was ever seen.</param>
internal sealed record ClusterObservation(string ClusterStatus, string RouteStatus, string Reason, string Message, string? Leader, long? Term);

/// <summary>Computes the next status from the current one and what the reconcile found: a pure decision, no I/O, no clock.</summary>
internal static class StatusPlanner
{
    /// <summary>
    /// The status to write, or null when <paramref name="current"/> says the same already. A condition's
    /// lastTransitionTime moves only when its status changes; the top-level one when the leader or term changes.
    /// </summary>
    public static ClusterStatus? Next(ClusterStatus current, ClusterObservation observed, long generation, DateTimeOffset now)
    {
        var previous = current.Condition(ClusterStatus.RouteReady);
        var condition = new StatusCondition(
            ClusterStatus.RouteReady,
            observed.RouteStatus,
            observed.Reason,
            observed.Message,
            previous is not null && previous.Status == observed.RouteStatus ? previous.LastTransitionTime ?? now : now,
            generation);
        var conditions = current.Conditions.Where(c => c.Type != ClusterStatus.RouteReady).Append(condition).ToList();

        // An invalid spec says nothing about the lock: leader and term stay as they were.
        var (leader, term) = observed.ClusterStatus == "Invalid" ? (current.Leader, current.Term) : (observed.Leader ?? string.Empty, observed.Term ?? current.Term);
        var leaderChanged = (leader ?? string.Empty) != (current.Leader ?? string.Empty) || term != current.Term;
        var next = new ClusterStatus(
            observed.ClusterStatus,
            leader,
            term,
            leaderChanged || current.LastTransitionTime is null ? now : current.LastTransitionTime,
            generation,
            conditions);
        return next.SameAs(current) ? null : next;
    }
}
