using Microsoft.Extensions.Logging;

namespace PgHa.Operator.Diagnostics;

/// <summary>The operator's logs (event ids 3001-3099).</summary>
internal static partial class Log
{
    [LoggerMessage(3001, LogLevel.Warning, "The watch of {Kind} failed ({Reason}); resuming it")]
    public static partial void WatchFailed(ILogger logger, string kind, string reason, Exception exception);

    [LoggerMessage(3002, LogLevel.Information, "The watch of {Kind} expired at resourceVersion {Version} (410); listing again")]
    public static partial void WatchExpired(ILogger logger, string kind, string? version);

    [LoggerMessage(3003, LogLevel.Warning, "Reconciling {Cluster} failed ({Reason}); retry {Failures} in {Delay} ms")]
    public static partial void ReconcileFailed(ILogger logger, string cluster, string reason, int failures, double delay, Exception? exception);

    [LoggerMessage(3004, LogLevel.Warning, "{Cluster}: the spec is invalid: {Problems}")]
    public static partial void InvalidSpec(ILogger logger, string cluster, string problems);

    [LoggerMessage(3005, LogLevel.Warning, "{Cluster}: the lock {Lock} cannot be read ({Problem}); its route is left as it is until the record is readable or expires")]
    public static partial void MalformedLock(ILogger logger, string cluster, string @lock, string problem);

    [LoggerMessage(3006, LogLevel.Information, "{Cluster}: route now leads to {Leader} (term {Term}, {Reason})")]
    public static partial void RouteChanged(ILogger logger, string cluster, string leader, long term, string reason);

    [LoggerMessage(3007, LogLevel.Information, "{Cluster}: Services provisioned for generation {Generation} ({Writes} writes)")]
    public static partial void ServicesProvisioned(ILogger logger, string cluster, long generation, int writes);

    [LoggerMessage(3008, LogLevel.Warning, "{Cluster}: {Problem}")]
    public static partial void ServiceProblem(ILogger logger, string cluster, string problem);

    [LoggerMessage(3009, LogLevel.Information, "{Cluster} was deleted; its Services and route go with it (owner references)")]
    public static partial void ClusterDeleted(ILogger logger, string cluster);

    [LoggerMessage(3010, LogLevel.Information, "Operator started: {Scope}, lock {LockKind}, route {Mode}, {Workers} workers")]
    public static partial void Started(ILogger logger, string scope, string lockKind, string mode, int workers);

    [LoggerMessage(3011, LogLevel.Information, "Operator stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(3012, LogLevel.Error, "Reconciling {Cluster} threw; retrying")]
    public static partial void ReconcileCrashed(ILogger logger, string cluster, Exception exception);
}
