using Microsoft.Extensions.Logging;

namespace PgHa.Agent.Diagnostics;

/// <summary>The agent's log messages (event ids 2001-2009).</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Information, "{Member}: {Kind} {Detail}")]
    public static partial void Event(ILogger logger, string member, AgentEventKind kind, string? detail);

    [LoggerMessage(2002, LogLevel.Warning, "{Member}: a management step failed; retrying on the next health check")]
    public static partial void StepFailed(ILogger logger, string member, Exception exception);

    [LoggerMessage(2003, LogLevel.Debug, "{Member}: synchronous standby: {Reason}")]
    public static partial void SyncPlan(ILogger logger, string member, string reason);

    [LoggerMessage(2004, LogLevel.Warning, "{Member}: an event handler failed")]
    public static partial void HandlerFailed(ILogger logger, string member, Exception exception);

    [LoggerMessage(2005, LogLevel.Warning, "{Member}: stopping PostgreSQL failed")]
    public static partial void StopFailed(ILogger logger, string member, Exception exception);

    [LoggerMessage(2006, LogLevel.Warning, "{Member}: writing the Pod's role and status failed")]
    public static partial void ReportFailed(ILogger logger, string member, Exception exception);

    [LoggerMessage(2007, LogLevel.Information, "{Member}: waiting: {Reason}")]
    public static partial void Waiting(ILogger logger, string member, string reason);
}
