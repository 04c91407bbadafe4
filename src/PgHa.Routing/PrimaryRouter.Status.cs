using PgHa.Routing.Planning;

namespace PgHa.Routing;

/// <summary>The router's state as a snapshot, for health checks and diagnostics.</summary>
public sealed partial class PrimaryRouter
{
    private readonly object _statusGate = new();
    private RouteOutcome? _lastOutcome;
    private DateTimeOffset? _lastOutcomeAt;
    private int _consecutiveFailures;
    private string? _lastError;
    private Exception? _fault;
    private int _started;

    /// <summary>
    /// A snapshot of the router's state: whether it watches, the route asked for, whether the live route (as last read,
    /// written or watched) matches it, and how the last requests went. Makes no request.
    /// </summary>
    /// <returns>The status.</returns>
    public PrimaryRouterStatus GetStatus()
    {
        var fault = Volatile.Read(ref _fault);
        var state = Volatile.Read(ref _running) == 1 ? RouterRunState.Running
            : fault is not null ? RouterRunState.Faulted
            : Volatile.Read(ref _started) == 1 ? RouterRunState.Stopped
            : RouterRunState.NotStarted;
        var desired = Volatile.Read(ref _desired);
        var (route, detail) = Compare(desired);
        lock (_statusGate)
        {
            return new PrimaryRouterStatus(
                state, _watched || _primed, desired?.Target, desired?.Term, route, detail, _lastOutcome, _lastOutcomeAt, _consecutiveFailures, _lastError, fault);
        }
    }

    private (RouteState State, string? Detail) Compare(DesiredRoute? desired)
    {
        if (desired is null)
        {
            return (RouteState.NotRequested, null);
        }

        if (!_backend.Primed)
        {
            return (RouteState.Unknown, "the Service and its route have not been read yet");
        }

        var plan = _backend.Plan(desired.Target, desired.Term);
        return plan.Kind switch
        {
            PlanKind.Converged => (RouteState.Converged, null),
            PlanKind.Fenced => (RouteState.Superseded, plan.Detail),
            PlanKind.ServiceMissing => (RouteState.ServiceMissing, plan.Detail),
            _ => (RouteState.Drifted, plan.Detail ?? string.Join("; ", plan.Drift)),
        };
    }

    private void Record(RouteResult result)
    {
        lock (_statusGate)
        {
            _lastOutcome = result.Outcome;
            _lastOutcomeAt = _time.GetUtcNow();
            if (result.Outcome is RouteOutcome.Failed or RouteOutcome.Conflict)
            {
                _consecutiveFailures++;
                _lastError = result.Detail ?? result.Error?.Message ?? result.Outcome.ToString();
            }
            else
            {
                _consecutiveFailures = 0;
                _lastError = null;
            }
        }
    }

    private bool RecordFault(Exception e)
    {
        Volatile.Write(ref _fault, e);
        return false;
    }
}
