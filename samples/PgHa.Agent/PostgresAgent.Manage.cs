using PgHa.Agent.Diagnostics;
using PgHa.Agent.Pods;
using PgHa.Agent.Postgres;

namespace PgHa.Agent;

/// <summary>The management loop: every health-check interval (or at once when leadership changes) it checks PostgreSQL and moves it one step towards what the lock says.</summary>
public sealed partial class PostgresAgent
{
    // Only touched by the management loop.
    private bool _actingPrimary;
    private bool _rejoining;

    // Set when the agent starts on data it had before (a restarted or rescheduled pod): until it knows who leads,
    // it cannot tell whether that data was a primary's that diverged from the new leader's.
    private bool _startedOnData;

    // The loop's own token, for the lock's release from leader-only work: the leadership token that cancels that
    // work is cancelled by the release itself, and would cancel the release's write with it.
    private CancellationToken _loopToken;

    private PrimaryAddress Primary => _options.Primary!;

    private async Task ManageAsync(Task elector, CancellationToken cancellationToken)
    {
        _loopToken = cancellationToken;
        _startedOnData = _instance.HasData;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (elector.IsCompleted)
            {
                await elector.ConfigureAwait(false);
                throw new InvalidOperationException("The elector stopped on its own.");
            }

            Task wake;
            lock (_gate)
            {
                wake = _wake.Task;
            }

            try
            {
                await StepAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // A lost leadership cancels the step's leader-only work: not a failure.
                if (e is not OperationCanceledException)
                {
                    Log.StepFailed(_logger, Name, e);
                }
            }

            using var delay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(wake, Task.Delay(_options.HealthCheckInterval, _time, delay.Token)).ConfigureAwait(false);
            await delay.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var status = await RefreshAsync(cancellationToken).ConfigureAwait(false);
        TaskCompletionSource? switchover;
        lock (_gate)
        {
            switchover = _switchover;
            _switchover = null;
        }

        if (switchover is not null)
        {
            await SwitchoverStepAsync(switchover, cancellationToken).ConfigureAwait(false);
            status = await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        if (CurrentLeadership() is { } leadership)
        {
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, leadership.Token);
            await LeadAsync(leadership, status, leading.Token).ConfigureAwait(false);
        }
        else
        {
            await FollowAsync(status, cancellationToken).ConfigureAwait(false);
        }

        await ReportAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks PostgreSQL and publishes the result to the elector's callbacks.</summary>
    private async Task<InstanceStatus> RefreshAsync(CancellationToken cancellationToken)
    {
        var status = await _instance.CheckAsync(cancellationToken).ConfigureAwait(false);
        Publish(status);
        return status;
    }

    private void Publish(InstanceStatus? status) =>
        _snapshot = _snapshot with { Status = status ?? _snapshot.Status, HasData = _instance.HasData, Rejoining = _rejoining };

    private void SetRole(string role) => _role = role;

    private async Task SwitchoverStepAsync(TaskCompletionSource request, CancellationToken cancellationToken)
    {
        try
        {
            if (CurrentLeadership() is null)
            {
                throw new InvalidOperationException($"{Name} is no longer the leader; nothing to switch over.");
            }

            // Patroni checks for a candidate first: with nobody able to take over, the cluster would be left without a primary.
            if (SwitchoverCandidate() is { } refusal)
            {
                throw new InvalidOperationException(refusal);
            }

            // A clean (fast) shutdown first: PostgreSQL ships all WAL to connected standbys before it exits, so the
            // synchronous standby that takes over has everything; and no write is accepted once the lock is gone.
            SetRole(AgentRoles.Stopped);
            _rejoining = true;
            _actingPrimary = false;
            await _instance.StopAsync(immediate: false, cancellationToken).ConfigureAwait(false);
            Publish(InstanceStatus.Down("stopped for a switchover"));
            Emit(AgentEventKind.Demoted, "switchover");
            await ReleaseLockAsync("switchover", cancellationToken).ConfigureAwait(false);
            request.TrySetResult();
        }
        catch (Exception e)
        {
            request.TrySetException(e);
            throw;
        }
    }

    /// <summary>Why no member could take over from this leader now, or null when one can.</summary>
    private string? SwitchoverCandidate()
    {
        var streaming = _snapshot.Status?.Standbys.Where(s => s.State == Sync.SyncStandbyPlanner.Streaming).Select(s => s.Name).ToList() ?? [];
        if (!_options.SynchronousMode)
        {
            return streaming.Count > 0 ? null : $"{Name} has no streaming standby to hand over to.";
        }

        var recorded = Cluster.SyncState.From(_syncObject);
        return recorded.HasSyncStandby && recorded.Leader == Name && streaming.Contains(recorded.SyncStandby!)
            ? null
            : $"{Name} has no confirmed synchronous standby streaming from it; only that standby may take over.";
    }

    private async Task ReportAsync(CancellationToken cancellationToken)
    {
        var status = _snapshot.Status;
        var running = status is { Running: true };
        var member = new MemberStatus(
            running ? MemberStatus.Running : _role == AgentRoles.Bootstrapping ? MemberStatus.Starting : MemberStatus.Stopped,
            _actingPrimary && running && !status!.InRecovery ? MemberStatus.MasterRole : MemberStatus.ReplicaRole,
            status?.WalPosition,
            status?.Timeline,
            running);
        try
        {
            await _pod.ReportAsync(member, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.ReportFailed(_logger, Name, e);
        }
    }
}
