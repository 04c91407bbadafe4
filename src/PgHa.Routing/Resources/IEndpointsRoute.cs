using k8s.Models;

namespace PgHa.Routing.Resources;

/// <summary>
/// The route as Endpoints <c>subsets</c>, for a leader lock kept on the master Service's Endpoints (Patroni's
/// <c>use_endpoints</c>): the lock holder writes these together with the lock in one compare-and-swap, so the route
/// can never lead to a member that does not hold the lock. PgHa.Election's <c>IEndpointsWriteContributor</c> takes
/// them through a two-line adapter; the packages do not depend on each other.
/// </summary>
public interface IEndpointsRoute
{
    /// <summary>The subsets to write with a lock held by <paramref name="holder"/> (null or empty when released): empty unless the holder is the route's member.</summary>
    /// <param name="holder">The lock's holder being written.</param>
    IList<V1EndpointSubset> SubsetsFor(string? holder);
}
