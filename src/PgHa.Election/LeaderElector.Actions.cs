using PgHa.Election.Decisions;
using PgHa.Election.Diagnostics;
using PgHa.Election.Expiry;
using PgHa.Election.Records;
using PgHa.Election.Stores;

namespace PgHa.Election;

/// <summary>The writes: acquire, renew, release; and the two ways leadership ends without one (deadline, lost lock).</summary>
public sealed partial class LeaderElector
{
    private async Task AcquireAsync(CancellationToken cancellationToken)
    {
        LockSnapshot? expected;
        lock (_gate)
        {
            // The decision to acquire was taken on an earlier view of the lock, and eligibility and deferral were
            // awaited since: if the watch has meanwhile brought a version that another member holds, a write against
            // it would succeed (its version is current) and steal a live lock. Take the lock only if the view the
            // write is guarded by still allows it; otherwise the loop decides again.
            if (ElectionDecider.Next(Inputs(eligible: true, deferUntil: null)).Kind != ElectionActionKind.Acquire)
            {
                return;
            }

            expected = _snapshot;
        }

        var now = ClockReading.From(_time);
        var previous = expected?.Record;
        var mine = previous is not null && previous.IsHeldBy(Identity);
        var record = new LeaderRecord
        {
            Holder = Identity,
            AcquireTime = mine && previous!.AcquireTime is { } kept ? kept : now.UtcNow,
            RenewTime = now.UtcNow,

            // Patroni's rule: a new holder counts one more transition; the first record ever starts at 0.
            Transitions = previous is null || expected!.Fingerprint.Length == 0 ? 0 : previous.Transitions + (mine ? 0 : 1),
            Ttl = _options.Ttl,
            Optime = await OptimeAsync(previous, cancellationToken).ConfigureAwait(false),
        };
        var result = await WriteAsync(LockWriteActivity.Acquire, record, expected, _options.RetryTimeout, cancellationToken).ConfigureAwait(false);
        _metrics.AcquireAttempt(result.Outcome.ToString().ToLowerInvariant());
        switch (result.Outcome)
        {
            case LockWriteOutcome.Written:
                Publish(result.Snapshot);
                var elapsed = _time.GetElapsedTime(now.Timestamp);
                if (elapsed >= _timings.RenewDeadline)
                {
                    // So slow that the lease could already count as expired for others: do not lead on it.
                    Failed(new TimeoutException($"taking the lock took {elapsed}, longer than the renew deadline"));
                    return;
                }

                BecomeLeader(new LeadershipTerm(Identity, record.Transitions, record.AcquireTime!.Value), now.Timestamp);
                break;
            case LockWriteOutcome.Conflict:
                // Someone else wrote first: read what they wrote. The next attempt waits a retry interval, so a
                // storm of conflicts (or a proxy answering 409) cannot turn into a storm of requests.
                Log.LostRace(_logger, Identity, _store.Description);
                lock (_gate)
                {
                    _lastFailedAt = _time.GetTimestamp();
                }

                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                break;
            default:
                Failed(result.Error);
                break;
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        Leadership? leadership;
        LockSnapshot? expected;
        lock (_gate)
        {
            leadership = _leadership;
            expected = _snapshot;
        }

        if (leadership is null || expected is null || !expected.Record.IsHeldBy(Identity))
        {
            return;
        }

        var now = ClockReading.From(_time);
        var record = expected.Record with
        {
            RenewTime = now.UtcNow,
            Ttl = _options.Ttl,
            Optime = await OptimeAsync(expected.Record, cancellationToken).ConfigureAwait(false),
        };

        // A renew may not outlast the renew deadline: past it, the leader has stepped down anyway.
        var left = now.Until(now.After(leadership.RenewStartedAt, _timings.RenewDeadline));
        var result = await WriteAsync(LockWriteActivity.Renew, record, expected, left < _options.RetryTimeout ? left : _options.RetryTimeout, cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case LockWriteOutcome.Written:
                Publish(result.Snapshot);
                lock (_gate)
                {
                    // A renew that lands after the leader stepped down renews nothing: a new leadership needs a new acquire.
                    if (_leadership == leadership)
                    {
                        leadership.RenewStartedAt = now.Timestamp;
                        _lastFailedAt = null;
                        ArmDeadline(now.Timestamp);
                    }
                }

                _metrics.Renewed(_time.GetElapsedTime(now.Timestamp));
                break;
            case LockWriteOutcome.Conflict:
                Log.LostRace(_logger, Identity, _store.Description);
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                break;
            default:
                Failed(result.Error);
                break;
        }
    }

    private async Task<bool> ReleaseCoreAsync(LockSnapshot snapshot, CancellationToken cancellationToken)
    {
        // Abstain first, so this member's own loop cannot take the lock back while the release is on its way;
        // then signal loss: nothing may act as leader from here on.
        lock (_gate)
        {
            var now = ClockReading.From(_time);
            _abstainUntil = now.After(now.Timestamp, _options.Ttl);
        }

        var term = StepDown("released the lock", released: true);
        var optime = await OptimeAsync(snapshot.Record, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var record = snapshot.Record with { Holder = null, Optime = optime ?? snapshot.Record.Optime };
            var result = await WriteAsync(LockWriteActivity.Release, record, snapshot, _options.RetryTimeout, cancellationToken).ConfigureAwait(false);
            switch (result.Outcome)
            {
                case LockWriteOutcome.Written:
                    Publish(result.Snapshot);
                    Log.Released(_logger, Identity, _store.Description, term?.Transitions ?? snapshot.Record.Transitions);
                    return true;
                case LockWriteOutcome.Failed:
                    Log.WriteFailed(_logger, Identity, _store.Description, result.Error);
                    return false;
            }

            // Someone else wrote the object meanwhile (on an Endpoints lock, e.g. a router recording its term): read it
            // again, and release it if it is still this member's lock.
            Log.LostRace(_logger, Identity, _store.Description);
            if (attempt == MaxReleaseAttempts)
            {
                return false;
            }

            LockSnapshot? fresh;
            try
            {
                using var read = TimeLimited(_options.RetryTimeout, cancellationToken);
                fresh = await _store.ReadAsync(read.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (KubernetesErrors.IsApiFailure(e, cancellationToken))
            {
                Log.WriteFailed(_logger, Identity, _store.Description, e);
                return false;
            }

            Publish(fresh);
            if (fresh is null || !fresh.Record.IsHeldBy(Identity))
            {
                return false;
            }

            snapshot = fresh;
        }
    }

    private async Task StopLeadingAsync()
    {
        LockSnapshot? snapshot;
        lock (_gate)
        {
            snapshot = _leadership is null ? null : _snapshot;
        }

        if (snapshot is null)
        {
            return;
        }

        if (_options.ReleaseOnStop && snapshot.Record.IsHeldBy(Identity))
        {
            using var timeout = new CancellationTokenSource(_options.RetryTimeout, _time);
            try
            {
                await ReleaseCoreAsync(snapshot, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The release write did not finish in time; the lock expires as it would after a crash.
            }
        }

        StepDown("the elector stopped", released: false);
    }

    private void BecomeLeader(LeadershipTerm term, long renewStartedAt)
    {
        var leadership = new Leadership(term, renewStartedAt);
        lock (_gate)
        {
            _leadership = leadership;
            _lastFailedAt = null;
            ArmDeadline(renewStartedAt);
            TransitionObserver?.Invoke(true, _time.GetTimestamp());
        }

        _metrics.LeadershipStarted();
        Log.Acquired(_logger, Identity, _store.Description, term.Transitions);
        Notify(LeadershipStarted, new LeadershipStartedEventArgs(term, leadership.Token.Token), nameof(LeadershipStarted));
    }

    /// <summary>Ends the current leadership (if any): the token is cancelled at once, the event follows on the dispatcher.</summary>
    private LeadershipTerm? StepDown(string reason, bool released)
    {
        Leadership? leadership;
        lock (_gate)
        {
            leadership = _leadership;
            _leadership = null;
            _deadlineTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            if (leadership is not null)
            {
                TransitionObserver?.Invoke(false, _time.GetTimestamp());
            }
        }

        if (leadership is null)
        {
            return null;
        }

        // Not disposed: handlers may still hold (and register on) the cancelled token; a source without a timer needs no disposal.
        leadership.Token.Cancel();
        _metrics.SteppedDown(released ? "released" : reason);
        if (!released)
        {
            Log.SteppedDown(_logger, Identity, _store.Description, leadership.Term.Transitions, reason);
        }

        Notify(LeadershipStopped, new LeadershipStoppedEventArgs(leadership.Term, reason, released), nameof(LeadershipStopped));
        Signal();
        return leadership.Term;
    }

    /// <summary>Sets the step-down timer for the renew deadline after <paramref name="renewStartedAt"/> (called under the lock).</summary>
    private void ArmDeadline(long renewStartedAt)
    {
        while (true)
        {
            var before = _time.GetTimestamp();
            var left = _timings.RenewDeadline - _time.GetElapsedTime(renewStartedAt, before);
            _deadlineTimer.Change(left > TimeSpan.Zero ? left : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            if (_time.GetElapsedTime(before) < TimerSlack)
            {
                return;
            }
        }
    }

    // The timer armed at each successful renew: it ends leadership at the deadline even while a renew request hangs.
    private void OnRenewDeadline()
    {
        lock (_gate)
        {
            if (_leadership is not { } leadership)
            {
                return;
            }

            if (_time.GetElapsedTime(leadership.RenewStartedAt) < _timings.RenewDeadline)
            {
                // Fired before the deadline by this clock (a timer of another clock or a coarser resolution, or a
                // callback of an earlier arming): arm again for what is left, or the deadline would be lost and the
                // leader would outlive its lease.
                ArmDeadline(leadership.RenewStartedAt);
                return;
            }
        }

        StepDown("could not renew the lock before its renew deadline", released: false);
    }

    private async Task<LockWriteResult> WriteAsync(string operation, LeaderRecord record, LockSnapshot? expected, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return new LockWriteResult(LockWriteOutcome.Failed, Error: new TimeoutException("no time left before the renew deadline"));
        }

        using var attempt = TimeLimited(timeout, cancellationToken);

        // Tracing only observes: the activity starts after the time limit is set and ends after the write returned.
        var activity = LockWriteActivity.Start(operation, _options, Identity, record);
        LockWriteResult? result = null;
        try
        {
            result = await _store.TryWriteAsync(record, expected, attempt.Token).ConfigureAwait(false);
            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = new LockWriteResult(LockWriteOutcome.Failed, Error: new TimeoutException($"the write of {_store.Description} took longer than {timeout}"));
            return result;
        }
        finally
        {
            LockWriteActivity.Stop(activity, result);
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        using var limit = TimeLimited(_options.RetryTimeout, cancellationToken);
        try
        {
            Publish(await _store.ReadAsync(limit.Token).ConfigureAwait(false));
        }
        catch (Exception e) when (KubernetesErrors.IsApiFailure(e, cancellationToken))
        {
            Failed(e);
        }
    }

    /// <summary>A token cancelled by <paramref name="outer"/> or after <paramref name="timeout"/> on the elector's clock.</summary>
    private TimeLimit TimeLimited(TimeSpan timeout, CancellationToken outer) => new(timeout, _time, outer);

    private void Failed(Exception? error)
    {
        lock (_gate)
        {
            _lastFailedAt = _time.GetTimestamp();
        }

        Log.WriteFailed(_logger, Identity, _store.Description, error);
    }

    private async ValueTask<long?> OptimeAsync(LeaderRecord? previous, CancellationToken cancellationToken)
    {
        if (_optime is null)
        {
            return previous?.Optime;
        }

        try
        {
            return await _optime(cancellationToken).ConfigureAwait(false) ?? previous?.Optime;
        }
#pragma warning disable CA1031 // A failing optime source must not stop a renew: the last known optime is kept.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.HandlerFailed(_logger, "optime", Identity, e);
            return previous?.Optime;
        }
    }
}
