namespace PgHa.Routing;

/// <summary>Whether a router's <see cref="IPrimaryRouter.RunAsync"/> (its watches and drift repair) runs.</summary>
public enum RouterRunState
{
    /// <summary><see cref="IPrimaryRouter.RunAsync"/> was never called (with the hosted service: the Services are still being ensured).</summary>
    NotStarted,

    /// <summary>The router watches and repairs.</summary>
    Running,

    /// <summary><see cref="IPrimaryRouter.RunAsync"/> returned after it was cancelled.</summary>
    Stopped,

    /// <summary><see cref="IPrimaryRouter.RunAsync"/> ended with an exception (see <see cref="PrimaryRouterStatus.Fault"/>).</summary>
    Faulted,
}

/// <summary>How the live route compares with the route last asked for, by what the router last read, wrote or watched.</summary>
public enum RouteState
{
    /// <summary>No route was asked for yet (or the last one was taken over by a newer term and let go).</summary>
    NotRequested,

    /// <summary>The router has not read the Service and its route yet.</summary>
    Unknown,

    /// <summary>The live route is the one asked for.</summary>
    Converged,

    /// <summary>The live route differs from the one asked for (edited, deleted, duplicated, or not written yet).</summary>
    Drifted,

    /// <summary>The live route was written under a newer term: it is that leader's now.</summary>
    Superseded,

    /// <summary>The master Service does not exist.</summary>
    ServiceMissing,
}

/// <summary>A snapshot of a <see cref="PrimaryRouter"/>'s state (see <see cref="PrimaryRouter.GetStatus"/>).</summary>
/// <param name="State">Whether the watches and drift repair run.</param>
/// <param name="Watching">Whether every watch has listed and is watching (the router's view is current).</param>
/// <param name="Target">The primary last asked for (null for none, or when nothing was asked).</param>
/// <param name="Term">The term the route was last asked for under, or null when nothing was asked.</param>
/// <param name="Route">How the live route compares with the one asked for.</param>
/// <param name="Detail">What differs, or why the route is superseded or missing; null when converged.</param>
/// <param name="LastOutcome">The outcome of the last route request or repair, or null before the first.</param>
/// <param name="LastOutcomeAt">When that outcome came (the router's clock).</param>
/// <param name="ConsecutiveFailures">Route requests and repairs that failed or lost their races in a row (0 after a success).</param>
/// <param name="LastError">Why the last failed one failed, for <see cref="ConsecutiveFailures"/> above 0.</param>
/// <param name="Fault">The exception <see cref="IPrimaryRouter.RunAsync"/> ended with, for <see cref="RouterRunState.Faulted"/>.</param>
public sealed record PrimaryRouterStatus(
    RouterRunState State,
    bool Watching,
    PrimaryTarget? Target,
    RouteTerm? Term,
    RouteState Route,
    string? Detail,
    RouteOutcome? LastOutcome,
    DateTimeOffset? LastOutcomeAt,
    int ConsecutiveFailures,
    string? LastError,
    Exception? Fault);
