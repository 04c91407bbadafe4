using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PgHa.Election.Hosting;

/// <summary>
/// Reports whether the elector takes part in the election: unhealthy (the registration's failure status) when it is
/// not running (stopped or faulted), degraded when the API has not answered it for longer than the lock's ttl (it
/// then cannot know who leads, and cannot lead itself), healthy otherwise. The data name the holder, the term,
/// whether this member leads and when the API last answered. Makes no request of its own.
/// </summary>
/// <remarks>
/// A member only hears from the API when the lock changes (or it writes): while a lock stays free and no member may take
/// it, a healthy follower is reported degraded after one ttl, which is also when the cluster has no primary.
/// </remarks>
public sealed class LeaderElectionHealthCheck : IHealthCheck
{
    private readonly LeaderElector _elector;

    /// <summary>Creates the check.</summary>
    /// <param name="elector">The elector to report on.</param>
    public LeaderElectionHealthCheck(LeaderElector elector)
    {
        ArgumentNullException.ThrowIfNull(elector);
        _elector = elector;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var status = _elector.GetStatus();
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["identity"] = _elector.Identity,
            ["lock"] = _elector.LockDescription,
            ["state"] = status.State.ToString(),
            ["is_leader"] = status.IsLeader,
            ["holder"] = status.ObservedRecord?.Holder ?? string.Empty,
            ["term"] = status.ObservedRecord?.Transitions ?? -1,
        };
        if (status.LastContactAt is { } at)
        {
            data["last_contact"] = at.ToString("O", CultureInfo.InvariantCulture);
            data["since_last_contact_seconds"] = status.SinceLastContact!.Value.TotalSeconds;
        }

        HealthCheckResult result;
        if (status.State != ElectorRunState.Running)
        {
            var why = status.State == ElectorRunState.Faulted ? $"failed: {status.Fault?.Message}" : status.State == ElectorRunState.Stopped ? "stopped" : "not started";
            result = new HealthCheckResult(context.Registration.FailureStatus, $"The elector of {_elector.LockDescription} is not running ({why}).", status.Fault, data);
        }
        else if (status.SinceLastContact is not { } since)
        {
            result = HealthCheckResult.Degraded($"The elector of {_elector.LockDescription} has not read the lock yet.", data: data);
        }
        else if (since > status.Ttl)
        {
            result = HealthCheckResult.Degraded(
                $"The API has not answered the elector of {_elector.LockDescription} for {since.TotalSeconds:0.#} s, longer than the ttl ({status.Ttl.TotalSeconds:0.#} s).",
                data: data);
        }
        else
        {
            var holder = status.ObservedRecord?.Holder is { Length: > 0 } h ? h : "nobody";
            var role = status.IsLeader ? $"leads (term {status.Term!.Value.Transitions})" : $"follows {holder}";
            result = HealthCheckResult.Healthy($"{_elector.Identity} {role} on {_elector.LockDescription}.", data);
        }

        return Task.FromResult(result);
    }
}
