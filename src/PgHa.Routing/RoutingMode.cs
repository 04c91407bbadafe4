namespace PgHa.Routing;

/// <summary>How the route is written.</summary>
public enum RoutingMode
{
    /// <summary>An EndpointSlice this library manages (its own <c>managed-by</c>), owned by the master Service. The default.</summary>
    EndpointSlice,

    /// <summary>The <c>subsets</c> of the Service's Endpoints (Patroni's <c>use_endpoints</c>); Kubernetes' mirroring controller makes the seed's slice from it.</summary>
    Endpoints,
}
