using Microsoft.Extensions.Logging;

namespace PgHa.Election.Diagnostics;

/// <summary>PgHa.Election's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = ElectionEventIds.Acquired, Level = LogLevel.Information, Message = "{Identity} acquired {Lock} in term {Term}")]
    public static partial void Acquired(ILogger logger, string identity, string @lock, long term);

    [LoggerMessage(EventId = ElectionEventIds.SteppedDown, Level = LogLevel.Warning, Message = "{Identity} stepped down from {Lock} (term {Term}): {Reason}")]
    public static partial void SteppedDown(ILogger logger, string identity, string @lock, long term, string reason);

    [LoggerMessage(EventId = ElectionEventIds.Released, Level = LogLevel.Information, Message = "{Identity} released {Lock} (term {Term})")]
    public static partial void Released(ILogger logger, string identity, string @lock, long term);

    [LoggerMessage(EventId = ElectionEventIds.NotReleased, Level = LogLevel.Information, Message = "{Identity} has no lock to release on {Lock}: {Reason}")]
    public static partial void NotReleased(ILogger logger, string identity, string @lock, string reason);

    [LoggerMessage(EventId = ElectionEventIds.LostRace, Level = LogLevel.Debug, Message = "{Identity} lost a write race on {Lock}; reading it again")]
    public static partial void LostRace(ILogger logger, string identity, string @lock);

    [LoggerMessage(EventId = ElectionEventIds.WriteFailed, Level = LogLevel.Warning, Message = "{Identity} could not write {Lock}; it will retry")]
    public static partial void WriteFailed(ILogger logger, string identity, string @lock, Exception? exception);

    [LoggerMessage(EventId = ElectionEventIds.WatchFailed, Level = LogLevel.Warning, Message = "The watch of {Lock} failed; reading it again")]
    public static partial void WatchFailed(ILogger logger, string @lock, Exception exception);

    [LoggerMessage(EventId = ElectionEventIds.MalformedRecord, Level = LogLevel.Warning, Message = "{Lock} holds a malformed record ({Error}); it counts as held until it expires")]
    public static partial void MalformedRecord(ILogger logger, string @lock, string error);

    [LoggerMessage(EventId = ElectionEventIds.LeaderObserved, Level = LogLevel.Information, Message = "{Lock} is now held by {Leader} (term {Term})")]
    public static partial void LeaderObserved(ILogger logger, string @lock, string leader, long term);

    [LoggerMessage(EventId = ElectionEventIds.NotEligible, Level = LogLevel.Information, Message = "{Identity} may not take {Lock}: {Reason}")]
    public static partial void NotEligible(ILogger logger, string identity, string @lock, string reason);

    [LoggerMessage(EventId = ElectionEventIds.Deferring, Level = LogLevel.Information, Message = "{Identity} leaves {Lock} to {Member}, which has replayed to {Position} (own {Own}), for up to {Grace}")]
    public static partial void Deferring(ILogger logger, string identity, string @lock, string member, long? position, long? own, TimeSpan grace);

    [LoggerMessage(EventId = ElectionEventIds.HandlerFailed, Level = LogLevel.Error, Message = "A {Event} handler of {Identity} threw")]
    public static partial void HandlerFailed(ILogger logger, string @event, string identity, Exception exception);

    [LoggerMessage(EventId = ElectionEventIds.TimingsAdjusted, Level = LogLevel.Warning, Message = "Violated the rule loopWait + 2*retryTimeout <= ttl, where ttl={Ttl}; adjusted loopWait to {LoopWait} and retryTimeout to {RetryTimeout}")]
    public static partial void TimingsAdjusted(ILogger logger, TimeSpan ttl, TimeSpan loopWait, TimeSpan retryTimeout);
}
