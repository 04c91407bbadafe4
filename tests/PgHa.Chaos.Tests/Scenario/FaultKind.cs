namespace PgHa.Chaos.Tests.Scenario;

/// <summary>The faults a scenario draws from its seed.</summary>
internal enum FaultKind
{
    /// <summary>API latency (up to several elector seconds) on some of a client's requests, for a while.</summary>
    Latency,

    /// <summary>A burst of 500/503/504 answers, sometimes after the write was committed (a lost response).</summary>
    ServerErrors,

    /// <summary>A storm of 409 Conflict answers to writes.</summary>
    ConflictStorm,

    /// <summary>429 Too Many Requests answers.</summary>
    Throttling,

    /// <summary>A client's open watch streams end (it resumes from its last resourceVersion).</summary>
    ClosedWatches,

    /// <summary>A client's watches get 410 Expired and the history is compacted (it must list again).</summary>
    ExpiredWatches,

    /// <summary>A member's loop freezes (timers held, requests hang) for up to 2 × ttl, then resumes with its stale writes.</summary>
    Pause,

    /// <summary>A member is cut off from the API (requests hang or fail) and healed.</summary>
    Partition,

    /// <summary>A member's clock runs fast or slow, within <see cref="ChaosTimings.DriftBound"/>, for the whole run.</summary>
    Drift,

    /// <summary>A member stops without releasing the lock (a crash) and starts again later.</summary>
    Crash,
}
