using PgHa.Agent.Diagnostics;
using PgHa.Agent.Postgres;

namespace PgHa.Agent;

/// <summary>The leader's side: bootstrap, promote, keep the primary running (or give the lock up), synchronous standby.</summary>
public sealed partial class PostgresAgent
{
    private async Task LeadAsync(Leadership leadership, InstanceStatus status, CancellationToken cancellationToken)
    {
        if (!_instance.HasData)
        {
            await BootstrapAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (status.Running && status.InRecovery)
        {
            await _instance.PromoteAsync(cancellationToken).ConfigureAwait(false);
            _actingPrimary = true;
            SetRole(AgentRoles.Master);
            Emit(AgentEventKind.Promoted, $"term {leadership.Term.Transitions}");
            await ClaimSyncAsync(cancellationToken).ConfigureAwait(false);
            status = await RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (!status.Running)
        {
            if (_actingPrimary)
            {
                await OnPostmasterDiedAsync(status, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // Holding the lock over a PostgreSQL this agent did not run as primary: never start unknown data as
                // a primary (it may be behind); let a running standby take over instead.
                await ReleaseLockAsync("PostgreSQL is not running", _loopToken).ConfigureAwait(false);
            }

            return;
        }
        else if (!_actingPrimary)
        {
            // Still (or again) the primary we ran: keep running it, but under this leadership's sync record.
            _actingPrimary = true;
            await ClaimSyncAsync(cancellationToken).ConfigureAwait(false);
        }

        SetRole(AgentRoles.Master);
        if (_options.SynchronousMode && status is { Running: true, InRecovery: false })
        {
            await ManageSyncAsync(status, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task BootstrapAsync(CancellationToken cancellationToken)
    {
        if (await _objects.ReadInitializedAsync(cancellationToken).ConfigureAwait(false) is { } existing)
        {
            await ReleaseLockAsync($"no data, but the cluster is initialised (system {existing}): cloning instead", _loopToken).ConfigureAwait(false);
            return;
        }

        SetRole(AgentRoles.Bootstrapping);
        var systemId = await _instance.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _instance.StartAsync(null, cancellationToken).ConfigureAwait(false);
        _actingPrimary = true;
        if (!await _objects.RecordInitializedAsync(systemId, cancellationToken).ConfigureAwait(false))
        {
            // Another member bootstrapped the cluster meanwhile (it cannot while this one holds the lock, but the
            // record is the truth): this database is not the cluster's.
            _actingPrimary = false;
            await _instance.StopAsync(immediate: true, cancellationToken).ConfigureAwait(false);
            await ReleaseLockAsync("another member's system identifier is recorded", _loopToken).ConfigureAwait(false);
            return;
        }

        SetRole(AgentRoles.Master);
        Emit(AgentEventKind.Bootstrapped, $"system {systemId}");
        await ClaimSyncAsync(cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        SetRole(AgentRoles.Master);
    }

    private async Task OnPostmasterDiedAsync(InstanceStatus status, CancellationToken cancellationToken)
    {
        Emit(AgentEventKind.PostmasterDied, status.Error);
        SetRole(AgentRoles.Stopped);

        // Whatever is left of the dead server (backends, a stale pid file) goes before anything starts again.
        await _instance.StopAsync(immediate: false, cancellationToken).ConfigureAwait(false);
        if (_options.PostmasterFailurePolicy == PostmasterFailurePolicy.RestartFirst)
        {
            // Patroni's default: restart as primary once, keeping the lock, but no longer than the renew deadline.
            using var deadline = new CancellationTokenSource(_options.ToElectorOptions().EffectiveRenewDeadline, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            try
            {
                await _instance.StartAsync(null, linked.Token).ConfigureAwait(false);
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
                SetRole(AgentRoles.Master);
                Emit(AgentEventKind.Restarted, "PostgreSQL is back as the primary");
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                Log.StepFailed(_logger, Name, e);
            }
        }

        // Give the lock up at once so the synchronous standby takes over; rejoin as a standby afterwards.
        _actingPrimary = false;
        _rejoining = true;
        Publish(null);
        Emit(AgentEventKind.Demoted, "the postmaster died");
        await ReleaseLockAsync("the postmaster died", _loopToken).ConfigureAwait(false);
    }
}
