using k8s.Models;
using PgHa.Election.Records;

namespace PgHa.Election.Stores;

/// <summary>
/// Adds the route to the lock write when the lock lives on an Endpoints object (Patroni's <c>use_endpoints</c>):
/// the lock and the primary's address then change in one compare-and-swap, so the route can never point at a
/// member that does not hold the lock. PgHa.Routing provides one; this package does not depend on it.
/// </summary>
public interface IEndpointsWriteContributor
{
    /// <summary>The subsets to write together with <paramref name="record"/>, or null to leave the object's subsets as they are.</summary>
    /// <param name="record">The record being written (free when the lock is released).</param>
    IList<V1EndpointSubset>? SubsetsFor(LeaderRecord record);
}
