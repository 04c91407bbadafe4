namespace PgHa.Chaos.Tests.History;

/// <summary>The checks of <see cref="HistoryChecker"/>.</summary>
internal enum Check
{
    /// <summary>Two members believed they led at the same real-time instant.</summary>
    Safety,

    /// <summary>The route led to a member longer than the allowance after it lost the lock.</summary>
    Routing,

    /// <summary>A write with a stale term was accepted (the route's or the lock's term went backwards).</summary>
    Fencing,

    /// <summary>After the faults stopped, no leader held the lock and the route in time.</summary>
    Liveness,

    /// <summary>An annotation the elector does not own was lost or changed.</summary>
    Annotations,
}

/// <summary>One broken rule, at a real timestamp of the history.</summary>
internal sealed record Violation(Check Check, long At, string Message);
