using PgHa.Election;

namespace PgHa.Agent;

/// <summary>
/// Tracks leadership as the agent acts on it. It starts when the agent handles the elector's
/// <see cref="LeaderElector.LeadershipStarted"/> (after the lock was written) and ends the instant the elector's
/// leadership token is cancelled, or when the agent itself starts releasing: so the agent's leadership lies
/// within the elector's, and the timestamps of <see cref="AgentEventKind.LockAcquired"/> and
/// <see cref="AgentEventKind.LockReleased"/>/<see cref="AgentEventKind.SteppedDown"/> bound it safely.
/// </summary>
public sealed partial class PostgresAgent
{
    private Leadership? CurrentLeadership()
    {
        lock (_gate)
        {
            return _leadership is { } leadership && !leadership.Token.IsCancellationRequested ? leadership : null;
        }
    }

    private void OnLeadershipStarted(object? sender, LeadershipStartedEventArgs e)
    {
        Leadership leadership;
        long at;
        lock (_gate)
        {
            // A leadership that ended before this handler ran is never acted on, nor reported.
            if (e.LeadershipToken.IsCancellationRequested || _crash.IsCancellationRequested)
            {
                return;
            }

            leadership = new Leadership(e.Term, e.LeadershipToken);
            _leadership = leadership;
            _lastLeadership = leadership;
            at = _time.GetTimestamp();
        }

        Emit(AgentEventKind.LockAcquired, $"term {e.Term.Transitions}", at);
        e.LeadershipToken.Register(() => End(leadership, null, null));
        Wake();
    }

    private void OnLeadershipStopped(object? sender, LeadershipStoppedEventArgs e)
    {
        Leadership? leadership;
        lock (_gate)
        {
            leadership = _lastLeadership is { } last && last.Term == e.Term ? last : null;
        }

        if (leadership is not null)
        {
            End(leadership, e.Released ? AgentEventKind.LockReleased : AgentEventKind.SteppedDown, e.Reason);
        }
    }

    /// <summary>Ends <paramref name="leadership"/> now (if it has not ended) and reports it once, with the moment it ended.</summary>
    private void End(Leadership leadership, AgentEventKind? kind, string? reason)
    {
        long endedAt;
        lock (_gate)
        {
            leadership.EndedAt ??= _time.GetTimestamp();
            if (ReferenceEquals(_leadership, leadership))
            {
                _leadership = null;
            }

            endedAt = leadership.EndedAt.Value;
            if (kind is null || leadership.Reported)
            {
                kind = null;
            }
            else
            {
                leadership.Reported = true;
            }
        }

        if (kind is { } reported)
        {
            Emit(reported, reason, endedAt);
        }

        Wake();
    }

    /// <summary>
    /// Gives up the lock in one write: the agent stops acting as leader first, then the elector releases.
    /// <paramref name="cancellationToken"/> must not be tied to the leadership token: the release cancels that first.
    /// </summary>
    private async Task<bool> ReleaseLockAsync(string reason, CancellationToken cancellationToken)
    {
        Leadership? leadership;
        lock (_gate)
        {
            leadership = _leadership;
        }

        if (leadership is not null)
        {
            End(leadership, AgentEventKind.LockReleased, reason);
        }

        return await _elector.ReleaseAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed class Leadership(LeadershipTerm term, CancellationToken token)
    {
        public LeadershipTerm Term { get; } = term;

        public CancellationToken Token { get; } = token;

        // Guarded by the agent's _gate.
        public long? EndedAt { get; set; }

        public bool Reported { get; set; }
    }
}
