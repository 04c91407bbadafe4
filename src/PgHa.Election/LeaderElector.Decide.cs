using PgHa.Election.Decisions;
using PgHa.Election.Diagnostics;
using PgHa.Election.Eligibility;
using PgHa.Election.Expiry;

namespace PgHa.Election;

/// <summary>Gathering the decider's inputs: state under the lock, then eligibility and deferral only when the lock could be taken.</summary>
public sealed partial class LeaderElector
{
    private async Task<ElectionAction> DecideAsync(CancellationToken cancellationToken)
    {
        var inputs = Inputs(eligible: true, deferUntil: null);
        var action = ElectionDecider.Next(inputs);
        if (action.Kind != ElectionActionKind.Acquire || inputs.IsLeader || inputs.Observation is not { } observation ||
            observation.Record.IsHeldBy(Identity))
        {
            return action;
        }

        // The lock could be taken: only now ask whether this member may, and whether a healthier one should.
        var verdict = await _eligibility.CheckAsync(observation.Record, cancellationToken).ConfigureAwait(false);
        if (!verdict.Eligible)
        {
            Log.NotEligible(_logger, Identity, _store.Description, verdict.Reason ?? "not eligible");
            return ElectionDecider.Next(Inputs(eligible: false, deferUntil: null));
        }

        var deferUntil = await DeferralAsync(observation, verdict, inputs.Now, cancellationToken).ConfigureAwait(false);
        return ElectionDecider.Next(Inputs(eligible: true, deferUntil));
    }

    private ElectionInputs Inputs(bool eligible, long? deferUntil)
    {
        var now = ClockReading.From(_time);
        lock (_gate)
        {
            var freeAt = _observation is null ? long.MinValue : _expiry.FreeAt(_observation, _options.Ttl, now);
            return new ElectionInputs(
                Identity,
                _leadership is not null,
                _leadership?.RenewStartedAt ?? 0,
                _lastFailedAt,
                _snapshot is not null,
                _lockRead ? _observation : null,
                freeAt,
                eligible,
                deferUntil,
                _abstainUntil,
                now,
                _timings);
        }
    }

    // Patroni's healthiest-node rule, bounded: defer at most one grace period per expiry of the lock.
    private async Task<long?> DeferralAsync(LeaseObservation observation, EligibilityVerdict verdict, ClockReading now, CancellationToken cancellationToken)
    {
        if (_members is null)
        {
            return null;
        }

        var members = await _members.GetMembersAsync(cancellationToken).ConfigureAwait(false);
        var ahead = HealthiestMember.AheadOf(Identity, verdict.ReplayPosition, members);
        lock (_gate)
        {
            if (ahead is null)
            {
                _deferredFingerprint = null;
                _deferUntil = null;
                return null;
            }

            if (_deferredFingerprint != observation.Fingerprint)
            {
                var grace = _options.HealthierMemberGrace ?? _options.LoopWait;
                _deferredFingerprint = observation.Fingerprint;
                _deferUntil = now.After(now.Timestamp, grace);
                Log.Deferring(_logger, Identity, _store.Description, ahead.Value.Name, ahead.Value.ReplayPosition, verdict.ReplayPosition, grace);
            }

            return _deferUntil;
        }
    }
}
