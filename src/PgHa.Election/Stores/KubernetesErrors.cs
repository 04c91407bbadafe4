using System.Net;
using k8s.Autorest;

namespace PgHa.Election.Stores;

/// <summary>Classifies KubernetesClient failures the way the lock stores report them.</summary>
internal static class KubernetesErrors
{
    public static HttpStatusCode? Status(Exception e) => e is HttpOperationException http ? http.Response?.StatusCode : null;

    public static bool IsNotFound(Exception e) => Status(e) == HttpStatusCode.NotFound;

    /// <summary>409 (a lost compare-and-swap or creation race) and, for a write based on a read, 404 (the object went away).</summary>
    public static bool IsRace(Exception e, bool creating) =>
        Status(e) == HttpStatusCode.Conflict || (!creating && Status(e) == HttpStatusCode.NotFound);

    /// <summary>Runs a store's write and turns its outcome into a <see cref="LockWriteResult"/>: a lost race is a conflict, an API failure a failure, anything else escapes.</summary>
    public static async Task<LockWriteResult> WriteAsync(Func<Task<LockSnapshot>> write, bool creating, CancellationToken cancellationToken)
    {
        try
        {
            return new LockWriteResult(LockWriteOutcome.Written, await write().ConfigureAwait(false));
        }
        catch (Exception e) when (IsRace(e, creating))
        {
            return new LockWriteResult(LockWriteOutcome.Conflict, Error: e);
        }
        catch (Exception e) when (IsApiFailure(e, cancellationToken))
        {
            return new LockWriteResult(LockWriteOutcome.Failed, Error: e);
        }
    }

    /// <summary>The failures a store turns into <see cref="LockWriteOutcome.Failed"/> instead of letting them escape.</summary>
    public static bool IsApiFailure(Exception e, CancellationToken cancellationToken) =>
        e is HttpOperationException or HttpRequestException or IOException ||
        (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
