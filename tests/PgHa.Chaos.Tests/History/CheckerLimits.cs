using PgHa.Chaos.Tests.Scenario;

namespace PgHa.Chaos.Tests.History;

/// <summary>The bounds the checker holds the history to, in real time.</summary>
/// <param name="RouteAllowance">How long the route may still lead to a member after the lock named another (or none).</param>
/// <param name="LivenessBound">How soon after the faults stopped a leader must hold the lock and the route, and believe it leads.</param>
internal sealed record CheckerLimits(TimeSpan RouteAllowance, TimeSpan LivenessBound)
{
    /// <summary>
    /// The route allowance: one API round trip of the follower, as the suite measures it under its own load, with its
    /// two watch deliveries. On the embedded server a round trip takes ~1 ms idle (PgHa.Routing README: p99 2-3 ms from
    /// RouteAsync to a watcher), but with ~20 scenarios and their watch fan-out on 2 cores the suite measures a p99 of
    /// tens of ms for RouteAsync (reported as "route write p99/max" by the suite), and a follower whose watch was just
    /// closed or expired first reads the lock again. 150 ms covers that and is still less than a third of the ttl
    /// (500 ms real): a route that follows the ttl instead of the lock is caught.
    /// </summary>
    public static readonly TimeSpan DefaultRouteAllowance = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// ttl + one loop, on the slowest clock a member may have (drift bound), plus one retry interval (a candidate
    /// whose last attempt failed waits that long) and the route allowance (the follower still has to route).
    /// </summary>
    public static readonly CheckerLimits Default = new(
        DefaultRouteAllowance,
        ((ChaosTimings.RealTtl + ChaosTimings.Real(ChaosTimings.LoopWait + ChaosTimings.RetryInterval)) / (1 - ChaosTimings.DriftBound)) + DefaultRouteAllowance);
}
