using k8s;
using k8s.Models;

namespace PgHa.Routing.Planning;

/// <summary>What a route request or a repair must do, worked out from the live objects alone.</summary>
/// <param name="Kind">Whether there is anything to write, and whether it may be written.</param>
/// <param name="Steps">The writes, in order: creates and replaces before deletes.</param>
/// <param name="Detail">Why it is fenced, or what is missing.</param>
/// <param name="Drift">How the live route differs from the desired one, for logs (empty when converged).</param>
/// <param name="LiveEndpoints">The live route's endpoints (<see cref="Resources.RouteObjects.EndpointsKey"/>), to tell a switch from a touch-up.</param>
/// <param name="DesiredEndpoints">The desired route's endpoints, in the same form.</param>
/// <param name="Foreign">Slices of the Service that another controller manages.</param>
internal sealed record RoutePlan(
    PlanKind Kind,
    IReadOnlyList<RouteStep> Steps,
    string? Detail,
    IReadOnlyList<string> Drift,
    string LiveEndpoints,
    string DesiredEndpoints,
    IReadOnlyList<string> Foreign)
{
    /// <summary>Whether carrying the plan out moves where the Service leads.</summary>
    public bool MovesRoute => !string.Equals(LiveEndpoints, DesiredEndpoints, StringComparison.Ordinal);

    /// <summary>Whether the plan creates an object (which, unlike a replace or delete, no resourceVersion guards).</summary>
    public bool Creates => Steps.Any(s => s.Kind == StepKind.Create);

    public static RoutePlan Fenced(string detail, IReadOnlyList<string> foreign) => new(PlanKind.Fenced, [], detail, [], string.Empty, string.Empty, foreign);

    public static RoutePlan ServiceMissing(string detail) => new(PlanKind.ServiceMissing, [], detail, [], string.Empty, string.Empty, []);
}

/// <summary>The kinds of <see cref="RoutePlan"/>.</summary>
internal enum PlanKind
{
    /// <summary>The live route is the desired one.</summary>
    Converged,

    /// <summary>Writes are needed and allowed.</summary>
    Write,

    /// <summary>The live route was written under a newer term.</summary>
    Fenced,

    /// <summary>The master Service does not exist.</summary>
    ServiceMissing,
}

/// <summary>One write of a plan.</summary>
/// <param name="Kind">Create, replace (guarded by the object's resourceVersion) or delete (guarded likewise).</param>
/// <param name="Object">The object to write, or the live object to delete.</param>
/// <param name="Reason">Why, for logs.</param>
internal sealed record RouteStep(StepKind Kind, IKubernetesObject<V1ObjectMeta> Object, string Reason);

/// <summary>The kinds of <see cref="RouteStep"/>.</summary>
internal enum StepKind
{
    Create,
    Replace,
    Delete,
}
