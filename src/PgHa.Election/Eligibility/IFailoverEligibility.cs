using PgHa.Election.Records;

namespace PgHa.Election.Eligibility;

/// <summary>Decides, just before a member would take the lock, whether it may (Patroni's nofailover tag and <c>maximum_lag_on_failover</c>).</summary>
public interface IFailoverEligibility
{
    /// <summary>Checks this member against the last record of the lock (its <see cref="LeaderRecord.Optime"/> is the last leader's WAL position).</summary>
    /// <param name="lastRecord">The lock's record as last observed.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    ValueTask<EligibilityVerdict> CheckAsync(LeaderRecord lastRecord, CancellationToken cancellationToken);
}
