using Microsoft.Extensions.Logging;

namespace PgHa.Routing.Diagnostics;

/// <summary>PgHa.Routing's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = RoutingEventIds.RouteSwitched, Level = LogLevel.Information, Message = "{Route} now leads to {Target} (term {Term}, {Writes} writes, {Milliseconds:0.0} ms)")]
    public static partial void RouteSwitched(ILogger logger, string route, string target, string term, int writes, double milliseconds);

    [LoggerMessage(EventId = RoutingEventIds.RouteUpdated, Level = LogLevel.Debug, Message = "{Route} updated without moving (term {Term}): {Changes}")]
    public static partial void RouteUpdated(ILogger logger, string route, string term, string changes);

    [LoggerMessage(EventId = RoutingEventIds.Fenced, Level = LogLevel.Warning, Message = "{Route}: refused the route of term {Term}: {Reason}")]
    public static partial void Fenced(ILogger logger, string route, string term, string reason);

    [LoggerMessage(EventId = RoutingEventIds.Repairing, Level = LogLevel.Warning, Message = "{Route} drifted ({Drift}); putting it back")]
    public static partial void Repairing(ILogger logger, string route, string drift);

    [LoggerMessage(EventId = RoutingEventIds.LostRace, Level = LogLevel.Debug, Message = "{Route}: a write lost a race ({Reason}); reading again")]
    public static partial void LostRace(ILogger logger, string route, string reason);

    [LoggerMessage(EventId = RoutingEventIds.WriteFailed, Level = LogLevel.Warning, Message = "{Route}: a write failed ({Reason})")]
    public static partial void WriteFailed(ILogger logger, string route, string reason, Exception exception);

    [LoggerMessage(EventId = RoutingEventIds.WatchFailed, Level = LogLevel.Warning, Message = "The watch of {What} failed; reading it again")]
    public static partial void WatchFailed(ILogger logger, string what, Exception exception);

    [LoggerMessage(EventId = RoutingEventIds.ServiceCreated, Level = LogLevel.Information, Message = "Created Service {Service}")]
    public static partial void ServiceCreated(ILogger logger, string service);

    [LoggerMessage(EventId = RoutingEventIds.ServiceAdopted, Level = LogLevel.Information, Message = "Adopted Service {Service} (added {Labels})")]
    public static partial void ServiceAdopted(ILogger logger, string service, string labels);

    [LoggerMessage(EventId = RoutingEventIds.ServiceMisconfigured, Level = LogLevel.Warning, Message = "{Problem}")]
    public static partial void ServiceMisconfigured(ILogger logger, string problem);

    [LoggerMessage(EventId = RoutingEventIds.ForeignSlice, Level = LogLevel.Warning, Message = "{Route}: slice {Slice} is not this router's; kube-proxy serves its endpoints next to the route's")]
    public static partial void ForeignSlice(ILogger logger, string route, string slice);

    [LoggerMessage(EventId = RoutingEventIds.ServiceMissing, Level = LogLevel.Warning, Message = "{Route}: {Detail}")]
    public static partial void ServiceMissing(ILogger logger, string route, string detail);
}
