using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PgHa.Routing.Hosting;

/// <summary>
/// Reports whether the master Service leads where it was asked to: unhealthy (the registration's failure status) when
/// the router's watches and repair stopped or faulted; degraded while it has not started (the Services are being
/// ensured), is not watching (the API does not answer), while route writes fail or lose their races, or while the live
/// route differs from the one asked for; healthy when the route is the one asked for (or none was asked for yet, or a
/// newer term took it over). Judges from what the router last read, wrote or watched; makes no request.
/// </summary>
public sealed class PrimaryRoutingHealthCheck : IHealthCheck
{
    private readonly PrimaryRouter _router;

    /// <summary>Creates the check.</summary>
    /// <param name="router">The router to report on.</param>
    public PrimaryRoutingHealthCheck(PrimaryRouter router)
    {
        ArgumentNullException.ThrowIfNull(router);
        _router = router;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var status = _router.GetStatus();
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["route"] = _router.Description,
            ["state"] = status.State.ToString(),
            ["watching"] = status.Watching,
            ["route_state"] = status.Route.ToString(),
            ["target"] = status.Target?.PodName ?? "none",
            ["term"] = status.Term?.Format() ?? string.Empty,
            ["consecutive_failures"] = status.ConsecutiveFailures,
        };
        if (status.LastOutcome is { } outcome)
        {
            data["last_outcome"] = outcome.ToString();
            data["last_outcome_at"] = status.LastOutcomeAt!.Value.ToString("O", CultureInfo.InvariantCulture);
        }

        var where = _router.Description;
        var result = status switch
        {
            { State: RouterRunState.Stopped or RouterRunState.Faulted } => new HealthCheckResult(
                context.Registration.FailureStatus,
                $"The router of {where} is not running ({(status.Fault is { } f ? "failed: " + f.Message : "stopped")}).",
                status.Fault,
                data),
            { State: RouterRunState.NotStarted } => HealthCheckResult.Degraded($"The router of {where} has not started (ensuring the cluster's Services).", data: data),
            { Watching: false } => HealthCheckResult.Degraded($"The router of {where} is not watching its route (the API does not answer?).", data: data),
            { ConsecutiveFailures: > 0 } => HealthCheckResult.Degraded(
                $"Route writes of {where} are failing ({status.ConsecutiveFailures} in a row, last: {status.LastError}); retrying.", data: data),
            { Route: RouteState.Drifted or RouteState.ServiceMissing or RouteState.Unknown } => HealthCheckResult.Degraded(
                $"The route of {where} is not the one asked for ({status.Route}: {status.Detail}).", data: data),
            _ => HealthCheckResult.Healthy(Describe(status, where), data),
        };
        return Task.FromResult(result);
    }

    private static string Describe(PrimaryRouterStatus status, string where) => status.Route switch
    {
        RouteState.Converged => $"{where} leads to {status.Target?.PodName ?? "no primary"} (term {status.Term?.Format()}).",
        RouteState.Superseded => $"{where} was taken over by a newer term ({status.Detail}).",
        _ => $"No route was asked for on {where} yet.",
    };
}
