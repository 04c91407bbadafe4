using PgHa.Election.Diagnostics;
using PgHa.Election.Expiry;
using PgHa.Election.Records;
using PgHa.Election.Stores;

namespace PgHa.Election;

/// <summary>Following the lock: one read, then a watch from the version read; on any failure, read and watch again.</summary>
public sealed partial class LeaderElector
{
    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var backoff = _timings.RetryInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                LockSnapshot? snapshot;
                using (var read = TimeLimited(_options.RetryTimeout, cancellationToken))
                {
                    snapshot = await _store.ReadAsync(read.Token).ConfigureAwait(false);
                }

                Publish(snapshot);
                await foreach (var change in _store.WatchAsync(snapshot?.ResourceVersion, cancellationToken).ConfigureAwait(false))
                {
                    Publish(change);
                    backoff = _timings.RetryInterval;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failure of the read or the watch is retried: the elector must keep following the lock.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.WatchFailed(_logger, _store.Description, e);
                try
                {
                    await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.LoopWait.Ticks));
            }
        }
    }

    /// <summary>Takes in a new version of the lock (from a read, the watch or a write): the observation, the leader seen, and a wake-up for the loop.</summary>
    private void Publish(LockSnapshot? snapshot)
    {
        var now = ClockReading.From(_time);
        LeaderRecord? changedHolder = null;
        string? malformed = null;
        lock (_gate)
        {
            // Any read, watch event or write that got here was an answer from the API (for the health check).
            _lastContact = now;

            // The watch may deliver a version older than one a write already returned; keep the newest.
            if (snapshot is not null && _snapshot is not null && IsOlder(snapshot.ResourceVersion, _snapshot.ResourceVersion))
            {
                return;
            }

            _snapshot = snapshot;
            _lockRead = true;
            var read = snapshot?.ReadResult ?? new RecordReadResult(LeaderRecord.Free, null, string.Empty);
            _observation = _expiry.Observe(_observation, read, now);
            if (read.Error is { } error && _reportedMalformed != read.Fingerprint)
            {
                _reportedMalformed = read.Fingerprint;
                malformed = error.ToString();
            }

            if (_observedHolder != read.Record.Holder)
            {
                _observedHolder = read.Record.Holder;
                changedHolder = read.Record;
            }
        }

        if (malformed is not null)
        {
            Log.MalformedRecord(_logger, _store.Description, malformed);
        }

        if (changedHolder is not null)
        {
            Log.LeaderObserved(_logger, _store.Description, changedHolder.Holder ?? "nobody", changedHolder.Transitions);
            Notify(LeaderObserved, new LeaderObservedEventArgs(changedHolder), nameof(LeaderObserved));
        }

        Signal();
    }

    // resourceVersions are opaque, but kube-apiserver's are integers that only grow: compare them as such when they are.
    private static bool IsOlder(string candidate, string current) =>
        long.TryParse(candidate, out var a) && long.TryParse(current, out var b) && a < b;
}
