using System.Diagnostics;
using PgHa.Routing;

namespace PgHa.Chaos.Tests.History;

/// <summary>
/// What happened in one scenario, every entry stamped on one clock: the real monotonic clock
/// (<see cref="Stopwatch.GetTimestamp"/>), whatever clock the member itself runs on. Thread-safe.
/// </summary>
internal sealed class ChaosHistory
{
    private readonly object _gate = new();

    public ChaosHistory() => Origin = Now;

    public static long Now => Stopwatch.GetTimestamp();

    /// <summary>The scenario's start, for printing times relative to it.</summary>
    public long Origin { get; }

    public List<Belief> Beliefs { get; } = [];

    public List<Frozen> FrozenSpans { get; } = [];

    public List<LockSeen> Locks { get; } = [];

    public List<RouteSeen> Routes { get; } = [];

    public List<RouteWrite> RouteWrites { get; } = [];

    public List<FaultApplied> Faults { get; } = [];

    /// <summary>When the last fault ended (rules removed, in-flight latency served, partitions healed, paused and crashed members back).</summary>
    public long? FaultsOverAt { get; set; }

    /// <summary>When recording stopped.</summary>
    public long? EndedAt { get; set; }

    public static long Ticks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);

    public static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public string At(long timestamp) => $"{Ms(timestamp - Origin),8:0.0}ms";

    public void Add<T>(List<T> list, T item)
    {
        lock (_gate)
        {
            list.Add(item);
        }
    }

    /// <summary>Runs <paramref name="action"/> under the history's lock (to read or update consistently).</summary>
    public TResult Read<TResult>(Func<TResult> action)
    {
        lock (_gate)
        {
            return action();
        }
    }

    public void BeliefStarted(string member, int instance, long at) => Add(Beliefs, new Belief(member, instance, at));

    /// <summary>The member stopped believing it leads (the elector's step-down, or its leadership token's cancellation: the later counts).</summary>
    public void BeliefEnded(string member, int instance, long at)
    {
        lock (_gate)
        {
            var belief = Beliefs.FindLast(b => b.Member == member && b.Instance == instance);
            if (belief is not null && (belief.End is null || belief.End < at))
            {
                belief.End = at;
            }
        }
    }
}

/// <summary>One member instance's belief that it leads: from its becoming leader until its token was cancelled (null: still).</summary>
internal sealed class Belief(string member, int instance, long start)
{
    public string Member { get; } = member;

    public int Instance { get; } = instance;

    public long Start { get; } = start;

    public long? End { get; set; }
}

/// <summary>A span in which a member's loop was frozen (a pause), up to the moment its overdue timers had run on resume.</summary>
internal sealed record Frozen(string Member, long From, long To);

/// <summary>A version of the lock object as a separate watcher saw it (null holder: free; EverHeld: it has an acquireTime; Deleted: the object is gone).</summary>
internal sealed record LockSeen(long At, string ResourceVersion, string? Holder, long Transitions, IReadOnlyDictionary<string, string> Annotations, bool EverHeld = true, bool Deleted = false);

/// <summary>A version of the route (the master Service's slice) as a separate watcher saw it: the member it leads to (null: none) and its term annotation.</summary>
internal sealed record RouteSeen(long At, string ResourceVersion, string? Target, RouteTerm? Term);

/// <summary>A follower's route request and what the router answered.</summary>
internal sealed record RouteWrite(string Follower, RouteTerm Term, string? Target, RouteOutcome Outcome, long Start, long End);

/// <summary>A fault as it was applied (real times).</summary>
internal sealed record FaultApplied(string Kind, string Target, long From, long? To);
