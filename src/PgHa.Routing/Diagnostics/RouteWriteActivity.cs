using System.Diagnostics;
using PgHa.Routing.Planning;

namespace PgHa.Routing.Diagnostics;

/// <summary>Starts and ends the activity around one route write (a slice's or the Endpoints' create, update or delete). Only observes.</summary>
internal static class RouteWriteActivity
{
    public static Activity? Start(RouteStep step, PrimaryRouterOptions options, PrimaryTarget? target, RouteTerm term)
    {
        var verb = step.Kind switch
        {
            StepKind.Create => "create",
            StepKind.Replace => "update",
            _ => "delete",
        };
        var activity = RoutingTelemetry.Source.StartActivity("pgha.routing." + verb, ActivityKind.Client);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("pgha.namespace", options.Namespace);
        activity.SetTag("pgha.service", options.EffectiveServiceName);
        activity.SetTag("pgha.route.kind", step.Object.Kind ?? options.Mode.ToString());
        activity.SetTag("pgha.route.object", step.Object.Metadata?.Name ?? step.Object.Metadata?.GenerateName);
        activity.SetTag("pgha.target", target is null ? "none" : target.PodName);
        activity.SetTag("pgha.term", term.Transitions);
        activity.SetTag("pgha.term.holder", term.Holder);
        return activity;
    }

    /// <summary>Records the exception a write threw on its activity; returns false, for use as an exception filter.</summary>
    public static bool Failed(Activity? activity, Exception error)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.Message);
            activity.SetTag("error.type", error.GetType().FullName);
        }

        return false;
    }

    /// <summary>Ends the activity: <c>ok</c> when written, <c>conflict</c> when the write lost a race, <c>error</c> when it threw.</summary>
    public static void Stop(Activity? activity, bool? written)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("pgha.outcome", written switch { true => "ok", false => "conflict", null => "error" });
        if (written is null && activity.Status != ActivityStatusCode.Error)
        {
            activity.SetStatus(ActivityStatusCode.Error, "cancelled");
        }

        activity.Dispose();
    }
}
