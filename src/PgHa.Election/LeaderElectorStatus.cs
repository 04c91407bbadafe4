using PgHa.Election.Records;

namespace PgHa.Election;

/// <summary>Whether an elector's <see cref="ILeaderElector.RunAsync"/> runs.</summary>
public enum ElectorRunState
{
    /// <summary><see cref="ILeaderElector.RunAsync"/> was never called.</summary>
    NotStarted,

    /// <summary>The election runs.</summary>
    Running,

    /// <summary><see cref="ILeaderElector.RunAsync"/> returned after it was cancelled (or the elector was disposed).</summary>
    Stopped,

    /// <summary><see cref="ILeaderElector.RunAsync"/> ended with an exception (see <see cref="LeaderElectorStatus.Fault"/>).</summary>
    Faulted,
}

/// <summary>A snapshot of a <see cref="LeaderElector"/>'s state (see <see cref="LeaderElector.GetStatus"/>).</summary>
/// <param name="State">Whether the election runs.</param>
/// <param name="Term">This member's term while it leads, else null.</param>
/// <param name="ObservedRecord">The lock record as last observed, or null before the first read.</param>
/// <param name="LastContactAt">When (by the elector's wall clock) the API last answered a read, delivered a watch event or accepted a write; null if never.</param>
/// <param name="SinceLastContact">How long ago that was, by the elector's monotonic clock; null if never.</param>
/// <param name="Ttl">The lock's ttl: a member that has heard nothing for longer cannot know who leads.</param>
/// <param name="Fault">The exception <see cref="ILeaderElector.RunAsync"/> ended with, for <see cref="ElectorRunState.Faulted"/>.</param>
public sealed record LeaderElectorStatus(
    ElectorRunState State,
    LeadershipTerm? Term,
    LeaderRecord? ObservedRecord,
    DateTimeOffset? LastContactAt,
    TimeSpan? SinceLastContact,
    TimeSpan Ttl,
    Exception? Fault)
{
    /// <summary>Whether this member leads.</summary>
    public bool IsLeader => Term is not null;
}
