using PgHa.Election.Records;

namespace PgHa.Election.Eligibility;

/// <summary>
/// Patroni's rules: a member tagged nofailover never takes the lock; otherwise it may when its replay position is
/// within <c>maximumLag</c> bytes of the last leader's <c>optime</c>. When the last optime is unknown any member may;
/// when its own position is unknown (its database is not answering) it may not.
/// </summary>
public sealed class ReplicationLagEligibility : IFailoverEligibility
{
    private readonly Func<CancellationToken, ValueTask<long?>>? _replayPosition;
    private readonly bool _noFailover;
    private readonly long _maximumLag;

    /// <summary>Creates the check.</summary>
    /// <param name="replayPosition">Reads this member's WAL replay position in bytes (e.g. <c>pg_last_wal_replay_lsn()</c>); null when there is no database to ask.</param>
    /// <param name="noFailover">True to never take the lock.</param>
    /// <param name="maximumLag">The largest lag in bytes with which this member may take the lock.</param>
    public ReplicationLagEligibility(Func<CancellationToken, ValueTask<long?>>? replayPosition, bool noFailover, long maximumLag)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maximumLag);
        _replayPosition = replayPosition;
        _noFailover = noFailover;
        _maximumLag = maximumLag;
    }

    /// <inheritdoc />
    public async ValueTask<EligibilityVerdict> CheckAsync(LeaderRecord lastRecord, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lastRecord);
        if (_noFailover)
        {
            return new EligibilityVerdict(false, "tagged nofailover");
        }

        var position = _replayPosition is null ? null : await _replayPosition(cancellationToken).ConfigureAwait(false);
        return Decide(lastRecord.Optime, position, _maximumLag);
    }

    /// <summary>The pure rule behind <see cref="CheckAsync"/>.</summary>
    /// <param name="leaderOptime">The last leader's optime, if known.</param>
    /// <param name="position">This member's replay position, if known.</param>
    /// <param name="maximumLag">The largest allowed lag in bytes.</param>
    public static EligibilityVerdict Decide(long? leaderOptime, long? position, long maximumLag)
    {
        if (leaderOptime is not { } optime)
        {
            return new EligibilityVerdict(true, null, position);
        }

        if (position is not { } replayed)
        {
            return new EligibilityVerdict(false, "own replay position is unknown", null);
        }

        var lag = optime - replayed;
        return lag > maximumLag
            ? new EligibilityVerdict(false, $"lagging {lag} bytes behind the last leader (maximum {maximumLag})", replayed)
            : new EligibilityVerdict(true, null, replayed);
    }
}
