using PgHa.Election.Records;

namespace PgHa.Election.Expiry;

/// <summary>
/// The seed article's rule, <c>now - renewTime &gt;= ttl</c>, judged on the local wall clock against the time the
/// holder wrote. It is only as safe as the clocks are synchronised, so it takes an allowance for clock skew
/// (the lock is free once <c>now - renewTime &gt;= ttl + allowance</c>) and is never the default. A record
/// without a readable <c>renewTime</c> falls back to <see cref="ObservedTimeExpiry"/>.
/// </summary>
public sealed class RenewTimeExpiry : ILeaseExpiryPolicy
{
    /// <summary>Creates the policy.</summary>
    /// <param name="clockSkewAllowance">How far apart the writer's and this machine's wall clocks may be; not negative.</param>
    public RenewTimeExpiry(TimeSpan clockSkewAllowance)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clockSkewAllowance, TimeSpan.Zero);
        ClockSkewAllowance = clockSkewAllowance;
    }

    /// <summary>The allowance added to the ttl.</summary>
    public TimeSpan ClockSkewAllowance { get; }

    /// <inheritdoc />
    public LeaseObservation Observe(LeaseObservation? previous, RecordReadResult read, ClockReading now) =>
        ObservedTimeExpiry.Instance.Observe(previous, read, now);

    /// <inheritdoc />
    public long FreeAt(LeaseObservation observation, TimeSpan defaultTtl, ClockReading now)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (!observation.CountsAsHeld)
        {
            return long.MinValue;
        }

        if (observation.Record.RenewTime is not { } renewed || observation.Malformed)
        {
            return ObservedTimeExpiry.Instance.FreeAt(observation, defaultTtl, now);
        }

        var freeAtWall = renewed + (observation.Record.Ttl ?? defaultTtl) + ClockSkewAllowance;
        return now.After(now.Timestamp, freeAtWall - now.UtcNow);
    }
}
