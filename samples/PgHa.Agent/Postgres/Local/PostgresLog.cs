using Microsoft.Extensions.Logging;

namespace PgHa.Agent.Postgres.Local;

/// <summary>What <see cref="LocalPostgres"/> logs.</summary>
internal static partial class PostgresLog
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "{Member}: initialised a new cluster (system identifier {SystemIdentifier})")]
    public static partial void Initialized(ILogger logger, string member, string systemIdentifier);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "{Member}: cloned from {Host}:{Port}")]
    public static partial void Cloned(ILogger logger, string member, string host, int port);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "{Member}: PostgreSQL started as {Role} (postmaster {Pid})")]
    public static partial void Started(ILogger logger, string member, string role, int pid);

    [LoggerMessage(EventId = 303, Level = LogLevel.Information, Message = "{Member}: PostgreSQL stopped ({Mode})")]
    public static partial void Stopped(ILogger logger, string member, string mode);

    [LoggerMessage(EventId = 304, Level = LogLevel.Warning, Message = "{Member}: PostgreSQL did not stop within {Seconds} s; killing it")]
    public static partial void StopTimedOut(ILogger logger, string member, int seconds);

    [LoggerMessage(EventId = 305, Level = LogLevel.Information, Message = "{Member}: promoted")]
    public static partial void Promoted(ILogger logger, string member);

    [LoggerMessage(EventId = 306, Level = LogLevel.Information, Message = "{Member}: rewound from {Host}:{Port}: {Output}")]
    public static partial void Rewound(ILogger logger, string member, string host, int port, string output);

    [LoggerMessage(EventId = 307, Level = LogLevel.Warning, Message = "{Member}: cannot rewind from {Host}:{Port}: {Reason}")]
    public static partial void RewindFailed(ILogger logger, string member, string host, int port, string reason);

    [LoggerMessage(EventId = 308, Level = LogLevel.Information, Message = "{Member}: synchronous standby set to '{Standby}'")]
    public static partial void SynchronousStandbySet(ILogger logger, string member, string standby);

    [LoggerMessage(EventId = 309, Level = LogLevel.Warning, Message = "{Member}: postmaster {Pid} killed")]
    public static partial void Killed(ILogger logger, string member, int pid);

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "{Member}: killed {Count} leftover PostgreSQL processes")]
    public static partial void LeftoversKilled(ILogger logger, string member, int count);
}
