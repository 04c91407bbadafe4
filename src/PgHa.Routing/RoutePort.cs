namespace PgHa.Routing;

/// <summary>A port of the master Service and of its route. The route's port carries the Service port's name, as kube-proxy requires.</summary>
/// <param name="Name">The port's name (<c>postgresql</c>).</param>
/// <param name="Port">The Service's port.</param>
/// <param name="TargetPort">The port on the primary; null for <paramref name="Port"/>.</param>
/// <param name="Protocol"><c>TCP</c>, <c>UDP</c> or <c>SCTP</c>.</param>
public sealed record RoutePort(string Name, int Port, int? TargetPort = null, string Protocol = "TCP")
{
    /// <summary>The port on the primary.</summary>
    public int EffectiveTargetPort => TargetPort ?? Port;
}
