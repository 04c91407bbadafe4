using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PgHa.Agent.Diagnostics;
using PgHa.Agent.Postgres;
using PgHa.Election.Eligibility;

namespace PgHa.Agent;

/// <summary>The standby's side: demote a primary without the lock, clone or rewind, and follow the master Service.</summary>
public sealed partial class PostgresAgent
{
    private string? _lastWait;

    // Only touched by the management loop: how long a restarted member waits for the leader it saw to serve before
    // it gives up rewinding from it.
    private long? _restartRejoinUntil;

    private async Task FollowAsync(InstanceStatus status, CancellationToken cancellationToken)
    {
        if (_actingPrimary)
        {
            // Leadership ended (stepped down, lock lost or released): this data may now diverge from the new primary's.
            _actingPrimary = false;
            _rejoining = true;
            Publish(null);
        }

        if (status.Running && !status.InRecovery)
        {
            // A primary without the lock must stop accepting writes before anything else.
            SetRole(AgentRoles.Stopped);
            _rejoining = true;
            await _instance.StopAsync(immediate: false, cancellationToken).ConfigureAwait(false);
            status = await RefreshAsync(cancellationToken).ConfigureAwait(false);
            Emit(AgentEventKind.Demoted, "no longer the leader");
        }

        if (!_instance.HasData)
        {
            await CloneAndFollowAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (status.Running)
        {
            SetRole(AgentRoles.Replica);
            return;
        }

        SetRole(AgentRoles.Stopped);
        if (_startedOnData)
        {
            // Data from before a restart may be a former primary's, with WAL the new leader never had: when another
            // member leads, rewind from it first (pg_rewind does nothing when nothing diverged). With no other leader
            // there is nothing to rewind from, and the member starts as a standby and may be elected.
            if (_elector.ObservedRecord is not { } observed)
            {
                Waiting("the lock has not been read yet");
                return;
            }

            _startedOnData = false;
            if (!_rejoining && !string.IsNullOrEmpty(observed.Holder) && observed.Holder != Name)
            {
                // Bounded: if that leader never comes back (its lock expires unrenewed), this member's data may be
                // the best there is; after a ttl it starts as a standby and may be elected.
                _rejoining = true;
                _restartRejoinUntil = _time.GetTimestamp() + (long)(_options.Ttl.TotalSeconds * _time.TimestampFrequency);
            }
        }

        if (_rejoining)
        {
            if (!await NewPrimaryReadyAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_restartRejoinUntil is { } until && _time.GetTimestamp() >= until)
                {
                    _restartRejoinUntil = null;
                    _rejoining = false;
                    Publish(null);
                    await StartStandbyAsync(cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            _restartRejoinUntil = null;

            SetRole(AgentRoles.Bootstrapping);
            if (await _instance.RewindAsync(Primary, cancellationToken).ConfigureAwait(false))
            {
                Emit(AgentEventKind.Rewound, $"from {Primary.Host}:{Primary.Port}");
            }
            else
            {
                await _instance.CloneAsync(Primary.Host, Primary.Port, cancellationToken).ConfigureAwait(false);
                Emit(AgentEventKind.Cloned, $"from {Primary.Host}:{Primary.Port} (rewind was not possible)");
            }

            _rejoining = false;
            Publish(null);
        }

        await StartStandbyAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CloneAndFollowAsync(CancellationToken cancellationToken)
    {
        if (await _objects.ReadInitializedAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            Waiting("the cluster is not initialised yet");
            return;
        }

        if (!await NewPrimaryReadyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        SetRole(AgentRoles.Bootstrapping);
        await _instance.CloneAsync(Primary.Host, Primary.Port, cancellationToken).ConfigureAwait(false);
        _rejoining = false;
        Publish(null);
        Emit(AgentEventKind.Cloned, $"from {Primary.Host}:{Primary.Port}");
        await StartStandbyAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task StartStandbyAsync(CancellationToken cancellationToken)
    {
        SetRole(AgentRoles.Bootstrapping);
        await _instance.StartAsync(Primary, cancellationToken).ConfigureAwait(false);
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        SetRole(AgentRoles.Replica);
        Emit(AgentEventKind.StartedStandby, $"following {Primary.Host}:{Primary.Port}");
    }

    /// <summary>
    /// Whether another member holds the lock and runs as primary (its Pod's status says so), so that a clone or
    /// rewind through the master Service reaches the new primary and not a member still being promoted.
    /// </summary>
    private async Task<bool> NewPrimaryReadyAsync(CancellationToken cancellationToken)
    {
        var holder = _elector.ObservedRecord?.Holder;
        if (string.IsNullOrEmpty(holder) || holder == Name)
        {
            Waiting("no other member holds the lock");
            return false;
        }

        V1Pod pod;
        try
        {
            pod = await _client.CoreV1.ReadNamespacedPodAsync(holder, _options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // A holder without a Pod (not a Kubernetes member) publishes no status: trust the lock.
            return true;
        }

        if (pod.Metadata.Annotations?.TryGetValue(PodStatusMemberDirectory.StatusAnnotation, out var json) != true || !IsRunningMaster(json!))
        {
            Waiting($"{holder} holds the lock but is not a running primary yet");
            return false;
        }

        _lastWait = null;
        return true;
    }

    private static bool IsRunningMaster(string statusJson)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(statusJson);
            var root = document.RootElement;
            return root.TryGetProperty("role", out var role) && role.GetString() is "master" or "primary" &&
                root.TryGetProperty("state", out var state) && state.GetString() == "running";
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private void Waiting(string reason)
    {
        if (reason != _lastWait)
        {
            _lastWait = reason;
            Log.Waiting(_logger, Name, reason);
        }
    }
}
