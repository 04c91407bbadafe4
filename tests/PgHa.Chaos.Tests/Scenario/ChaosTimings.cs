namespace PgHa.Chaos.Tests.Scenario;

/// <summary>
/// The electors' settings and the time scale. The electors run on clocks that go <see cref="Speed"/> times faster
/// than real time (see <see cref="Clocks.MemberClock"/>), so a ttl of 1 s (the lock stores whole seconds) lasts
/// <see cref="RealTtl"/> of real time. Everything else (the server, the router, the followers, the history) runs in
/// real time, and every bound the checker uses is converted to real time here. Faster clocks make scheduling jitter
/// of the test host count <see cref="Speed"/> times more against the elector's margins: that makes the suite
/// stricter, not laxer.
/// </summary>
internal static class ChaosTimings
{
    /// <summary>Elector seconds per real second.</summary>
    public const double Speed = 2.0;

    /// <summary>The largest clock-rate drift of a member: its clock runs at most this fraction fast or slow.</summary>
    /// <remarks>
    /// Safety needs the leader's renew deadline, on its own (possibly slow) clock, to end before the lease expires on
    /// a candidate's (possibly fast) clock: RenewDeadline / (1 - drift) &lt; Ttl / (1 + drift) when two members drift
    /// in opposite directions, i.e. drift &lt; (Ttl - RenewDeadline) / (Ttl + RenewDeadline) = 0.25 with the values
    /// below. One member drifts at a time here, within ±10%, leaving at least 0.3 ttl (150 ms real) of margin.
    /// </remarks>
    public const double DriftBound = 0.10;

    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LoopWait = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan RetryTimeout = TimeSpan.FromMilliseconds(400);
    public static readonly TimeSpan RenewDeadline = TimeSpan.FromMilliseconds(600);

    /// <summary>The elector's retry interval (LoopWait / 4, at least 50 ms), in elector time.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(50);

    public static TimeSpan RealTtl => Real(Ttl);

    /// <summary>An elector-time duration in real time (at the nominal rate).</summary>
    public static TimeSpan Real(TimeSpan electorTime) => electorTime / Speed;
}
