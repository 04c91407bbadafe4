using Microsoft.Extensions.Logging;

namespace PgHa.Agent.Postgres.Simulated;

/// <summary>What <see cref="SimulatedPostgres"/> logs.</summary>
internal static partial class SimulatedLog
{
    [LoggerMessage(EventId = 350, Level = LogLevel.Information, Message = "{Member}: simulated PostgreSQL started as {Role} on {Host}:{Port}")]
    public static partial void Started(ILogger logger, string member, string role, string host, int port);

    [LoggerMessage(EventId = 351, Level = LogLevel.Information, Message = "{Member}: simulated PostgreSQL stopped ({Mode})")]
    public static partial void Stopped(ILogger logger, string member, string mode);

    [LoggerMessage(EventId = 352, Level = LogLevel.Information, Message = "{Member}: streaming from {Host}:{Port} after {Count} rows")]
    public static partial void Streaming(ILogger logger, string member, string host, int port, int count);

    [LoggerMessage(EventId = 353, Level = LogLevel.Information, Message = "{Member}: not streaming from {Host}:{Port}: {Problem}")]
    public static partial void ReceiverProblem(ILogger logger, string member, string host, int port, string problem);

    [LoggerMessage(EventId = 354, Level = LogLevel.Information, Message = "{Member}: promoted to timeline {Timeline}")]
    public static partial void Promoted(ILogger logger, string member, int? timeline);

    [LoggerMessage(EventId = 355, Level = LogLevel.Information, Message = "{Member}: rewound from {Host}:{Port}, dropping {Dropped} rows the source lacks")]
    public static partial void Rewound(ILogger logger, string member, string host, int port, int dropped);

    [LoggerMessage(EventId = 356, Level = LogLevel.Warning, Message = "{Member}: cannot rewind from {Host}:{Port}: {Reason}")]
    public static partial void RewindFailed(ILogger logger, string member, string host, int port, string reason);

    [LoggerMessage(EventId = 357, Level = LogLevel.Warning, Message = "{Member}: simulated postmaster killed")]
    public static partial void Killed(ILogger logger, string member);

    [LoggerMessage(EventId = 358, Level = LogLevel.Debug, Message = "{Member}: a connection failed")]
    public static partial void ConnectionFailed(ILogger logger, string member, Exception exception);
}
