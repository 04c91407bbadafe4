using PgHa.Agent.Cluster;
using PgHa.Election.Eligibility;
using PgHa.Election.Records;

namespace PgHa.Agent.Eligibility;

/// <summary>
/// The agent's one <see cref="IFailoverEligibility"/>, composing Patroni's rules: a member may take the lock only
/// when its PostgreSQL runs and is within <c>maximum_lag_on_failover</c> of the last leader's optime, or when it has
/// no data and the cluster was never bootstrapped (it will bootstrap it); and in synchronous mode only if the
/// <c>-sync</c> record allows it (so only the confirmed sync standby, which holds every acknowledged commit, can
/// take over from a lost leader).
/// </summary>
internal sealed class AgentEligibility(
    string member,
    AgentOptions options,
    ClusterObjects objects,
    Func<MemberSnapshot> snapshot,
    Action<EligibilityVerdict> reported) : IFailoverEligibility
{
    public async ValueTask<EligibilityVerdict> CheckAsync(LeaderRecord lastRecord, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lastRecord);
        var verdict = await DecideAsync(lastRecord, cancellationToken).ConfigureAwait(false);
        reported(verdict);
        return verdict;
    }

    private async ValueTask<EligibilityVerdict> DecideAsync(LeaderRecord lastRecord, CancellationToken cancellationToken)
    {
        var state = snapshot();
        if (Local(state, lastRecord, options.MaximumLagOnFailover) is { } local)
        {
            return local;
        }

        if (!state.HasData)
        {
            // Only the member that bootstraps may lead without data; once the cluster exists, a member without data clones.
            return await objects.ReadInitializedAsync(cancellationToken).ConfigureAwait(false) is { } systemId
                ? new EligibilityVerdict(false, $"no data and the cluster is initialised (system {systemId}): waiting for a leader to clone from")
                : EligibilityVerdict.Yes;
        }

        if (options.SynchronousMode)
        {
            var sync = SyncState.From(await objects.Sync.ReadAsync(cancellationToken).ConfigureAwait(false));
            if (!sync.Allows(member))
            {
                return new EligibilityVerdict(false,
                    $"synchronous mode: {(sync.HasSyncStandby ? sync.SyncStandby + " is the synchronous standby" : "no synchronous standby is recorded")} of {sync.Leader}",
                    state.Status?.WalPosition);
            }
        }

        return new EligibilityVerdict(true, null, state.Status?.WalPosition);
    }

    /// <summary>The rules that need no API read; null when they all pass.</summary>
    internal static EligibilityVerdict? Local(MemberSnapshot state, LeaderRecord lastRecord, long maximumLag)
    {
        if (state.Stopping)
        {
            return new EligibilityVerdict(false, "the agent is stopping");
        }

        if (state.Rejoining)
        {
            return new EligibilityVerdict(false, "a former primary rejoining as a standby");
        }

        if (!state.HasData)
        {
            return null;
        }

        if (state.Status is not { Running: true } status)
        {
            return new EligibilityVerdict(false, "PostgreSQL is not running");
        }

        var lag = ReplicationLagEligibility.Decide(lastRecord.Optime, status.WalPosition, maximumLag);
        return lag.Eligible ? null : lag;
    }
}
