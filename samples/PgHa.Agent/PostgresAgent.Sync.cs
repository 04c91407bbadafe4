using k8s;
using PgHa.Agent.Cluster;
using PgHa.Agent.Diagnostics;
using PgHa.Agent.Postgres;
using PgHa.Agent.Sync;

namespace PgHa.Agent;

/// <summary>
/// Synchronous mode, in Patroni's safe order: to change the synchronous standby the leader first records none
/// (<c>{leader: me, sync_standby: ""}</c>), then configures PostgreSQL, waits until PostgreSQL reports the standby as
/// <c>sync</c>, and only then records it. So <c>-sync</c> never names a standby that might lack an acknowledged commit,
/// and only a named standby may take over from a lost leader.
/// </summary>
public sealed partial class PostgresAgent
{
    // Only touched by the management loop. _syncObject is this leader's last read or write of -sync.
    private AnnotatedObject? _syncObject;
    private bool _syncLoaded;
    private string? _configuredSync;
    private string? _lastSyncReason;
    private HashSet<string> _members = new(StringComparer.Ordinal);
    private HashSet<string> _notMembers = new(StringComparer.Ordinal);

    /// <summary>On becoming the primary: nothing configured, nothing recorded, under this leader's name.</summary>
    private async Task ClaimSyncAsync(CancellationToken cancellationToken)
    {
        if (!_options.SynchronousMode)
        {
            return;
        }

        // Read afresh: another leader may have written -sync since this member last did.
        _syncLoaded = false;
        await WriteSyncAsync(new SyncState(Name, null), cancellationToken).ConfigureAwait(false);
        await _instance.SetSynchronousStandbyAsync(null, cancellationToken).ConfigureAwait(false);
        _configuredSync = null;
    }

    private async Task ManageSyncAsync(InstanceStatus status, CancellationToken cancellationToken)
    {
        if (!_syncLoaded)
        {
            _syncObject = await _objects.Sync.ReadAsync(cancellationToken).ConfigureAwait(false);
            _syncLoaded = true;
        }

        var recorded = SyncState.From(_syncObject);
        if (recorded.Leader != Name)
        {
            await ClaimSyncAsync(cancellationToken).ConfigureAwait(false);
            recorded = new SyncState(Name, null);
        }

        var members = await MembersAsync(status, cancellationToken).ConfigureAwait(false);
        var plan = SyncStandbyPlanner.Plan(recorded.HasSyncStandby ? recorded.SyncStandby : null, _configuredSync, status.Standbys, members);
        if (plan.Reason != _lastSyncReason)
        {
            _lastSyncReason = plan.Reason;
            Log.SyncPlan(_logger, Name, plan.Reason);
        }

        switch (plan.Kind)
        {
            case SyncPlanKind.Record:
                if (await WriteSyncAsync(new SyncState(Name, plan.Standby), cancellationToken).ConfigureAwait(false))
                {
                    Emit(AgentEventKind.SyncStandbyChanged, plan.Standby);
                }

                break;
            case SyncPlanKind.Change:
                await ChangeSyncStandbyAsync(plan.Standby!, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>The cluster's members (its Pods' names), listed again only when a standby the agent does not know streams.</summary>
    private async Task<IReadOnlySet<string>> MembersAsync(InstanceStatus status, CancellationToken cancellationToken)
    {
        if (status.Standbys.Any(s => !_members.Contains(s.Name) && !_notMembers.Contains(s.Name)))
        {
            var pods = await _client.CoreV1.ListNamespacedPodAsync(_options.Namespace, labelSelector: _options.EffectiveMemberLabelSelector, cancellationToken: cancellationToken).ConfigureAwait(false);
            _members = pods.Items.Select(p => p.Metadata.Name).ToHashSet(StringComparer.Ordinal);
            _notMembers = status.Standbys.Select(s => s.Name).Where(n => !_members.Contains(n)).ToHashSet(StringComparer.Ordinal);
        }

        return _members;
    }

    private async Task ChangeSyncStandbyAsync(string standby, CancellationToken cancellationToken)
    {
        // 1. Nobody may count on the old standby any more (it may stop receiving commits from here on).
        if (!await WriteSyncAsync(new SyncState(Name, null), cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        // 2. Commits now wait for the new standby.
        await _instance.SetSynchronousStandbyAsync(standby, cancellationToken).ConfigureAwait(false);
        _configuredSync = standby;

        // 3. Record it only once PostgreSQL confirms it as synchronous; else a later loop records it.
        if (await WaitForSyncAsync(standby, cancellationToken).ConfigureAwait(false) &&
            await WriteSyncAsync(new SyncState(Name, standby), cancellationToken).ConfigureAwait(false))
        {
            Emit(AgentEventKind.SyncStandbyChanged, standby);
        }
    }

    private async Task<bool> WaitForSyncAsync(string standby, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var poll = TimeSpan.FromTicks(Math.Clamp(_options.HealthCheckInterval.Ticks / 10, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromMilliseconds(200).Ticks));
        while (true)
        {
            var status = await RefreshAsync(cancellationToken).ConfigureAwait(false);
            if (status.Standbys.Any(s => s.Name == standby && s.SyncState == SyncStandbyPlanner.Sync && s.State == SyncStandbyPlanner.Streaming))
            {
                return true;
            }

            if (!status.Running || _time.GetElapsedTime(started) >= _options.EffectiveSyncConfirmTimeout)
            {
                return false;
            }

            await Task.Delay(poll, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes <paramref name="state"/> to <c>-sync</c> (compare-and-swap) unless it is already there; false when another writer keeps winning.</summary>
    private async Task<bool> WriteSyncAsync(SyncState state, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (!_syncLoaded)
            {
                _syncObject = await _objects.Sync.ReadAsync(cancellationToken).ConfigureAwait(false);
                _syncLoaded = true;
            }

            if (_syncObject is not null && SyncState.From(_syncObject).SameAs(state))
            {
                return true;
            }

            var written = await _objects.Sync.TryWriteAsync(_syncObject, state.ToAnnotations(), cancellationToken).ConfigureAwait(false);
            if (written is not null)
            {
                _syncObject = written;
                return true;
            }

            _syncLoaded = false;
        }

        return false;
    }
}
