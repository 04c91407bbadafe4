namespace PgHa.Routing;

/// <summary>Keeps a cluster's master Service leading to its primary, and to nothing else.</summary>
public interface IPrimaryRouter
{
    /// <summary>
    /// Points the master Service at <paramref name="target"/> under <paramref name="term"/>, or, with a null target, at
    /// no ready endpoint (clients then fail fast instead of reaching a demoted primary). Refused when the live route
    /// was written under a newer term; writes nothing when the route already is as asked. The route asked for is kept
    /// and put back whenever it drifts while <see cref="RunAsync"/> runs, until a newer term takes over.
    /// </summary>
    /// <param name="target">The primary, or null for none.</param>
    /// <param name="term">The fencing term of the leader asking.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    Task<RouteResult> RouteAsync(PrimaryTarget? target, RouteTerm term, CancellationToken cancellationToken);

    /// <summary>Watches the master Service and its route, and repairs any drift from the route last asked for, until cancelled.</summary>
    /// <param name="cancellationToken">Stops watching.</param>
    Task RunAsync(CancellationToken cancellationToken);
}
