using System.Diagnostics;
using PgHa.Election.Records;
using PgHa.Election.Stores;

namespace PgHa.Election.Diagnostics;

/// <summary>
/// Starts and ends the activity around one lock write. Only observes: it never changes what is written nor when, and
/// when no listener samples the source it does nothing (<see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null).
/// </summary>
internal static class LockWriteActivity
{
    public const string Acquire = "acquire";
    public const string Renew = "renew";
    public const string Release = "release";

    public static Activity? Start(string operation, LeaderElectorOptions options, string identity, LeaderRecord record)
    {
        var activity = ElectionTelemetry.Source.StartActivity("pgha.election." + operation, ActivityKind.Client);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("pgha.scope", options.Scope);
        activity.SetTag("pgha.lock.kind", options.LockKind.ToString());
        activity.SetTag("pgha.lock.namespace", options.Namespace);
        activity.SetTag("pgha.lock.name", options.EffectiveLockName);
        activity.SetTag("pgha.lock.holder", identity);
        activity.SetTag("pgha.term", record.Transitions);
        return activity;
    }

    /// <summary>Ends the activity with the write's outcome; a null result is a write the caller cancelled.</summary>
    public static void Stop(Activity? activity, LockWriteResult? result)
    {
        if (activity is null)
        {
            return;
        }

        var outcome = result?.Outcome switch
        {
            LockWriteOutcome.Written => "ok",
            LockWriteOutcome.Conflict => "conflict",
            _ => "error",
        };
        activity.SetTag("pgha.outcome", outcome);
        if (result is null || result.Outcome == LockWriteOutcome.Failed)
        {
            var error = result?.Error;
            activity.SetStatus(ActivityStatusCode.Error, error?.Message ?? "cancelled");
            activity.SetTag("error.type", error?.GetType().FullName ?? typeof(OperationCanceledException).FullName);
        }

        activity.Dispose();
    }
}
