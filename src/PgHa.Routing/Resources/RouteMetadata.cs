namespace PgHa.Routing.Resources;

/// <summary>The labels and annotations a route carries.</summary>
public static class RouteMetadata
{
    /// <summary>Ties a slice to its Service; kube-proxy routes the Service to the slices carrying its name here.</summary>
    public const string ServiceNameLabel = "kubernetes.io/service-name";

    /// <summary>Names the controller that manages a slice.</summary>
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";

    /// <summary>The mirroring controller's <see cref="ManagedByLabel"/> value (it copies Endpoints of selector-less Services into slices).</summary>
    public const string MirroringControllerName = "endpointslicemirroring-controller.k8s.io";

    /// <summary>The EndpointSlice controller's <see cref="ManagedByLabel"/> value (it makes the slices of Services with a selector).</summary>
    public const string EndpointSliceControllerName = "endpointslice-controller.k8s.io";

    /// <summary>The fencing term of the route's writer, <c>&lt;transitions&gt;/&lt;holder&gt;</c> (see <see cref="RouteTerm"/>).</summary>
    public const string TermAnnotation = "pgha.io/route-term";

    /// <summary>Patroni's lock annotation naming the leader; on an Endpoints object that also holds the lock it fences the route too.</summary>
    public const string LeaderAnnotation = "leader";

    /// <summary>Patroni's lock annotation counting leader changes: the lock's term.</summary>
    public const string TransitionsAnnotation = "transitions";
}
