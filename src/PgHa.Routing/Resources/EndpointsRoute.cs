using k8s.Models;

namespace PgHa.Routing.Resources;

/// <summary>A member's own route as Endpoints subsets (see <see cref="IEndpointsRoute"/>), with ports named as the master Service's.</summary>
public sealed class EndpointsRoute : IEndpointsRoute
{
    private readonly PrimaryTarget _member;
    private readonly RoutePort[] _ports;

    /// <summary>Creates the route of <paramref name="member"/>.</summary>
    /// <param name="member">This member, as the route should lead to it while it holds the lock.</param>
    /// <param name="ports">The master Service's ports (<see cref="PrimaryRouterOptions.Ports"/>).</param>
    public EndpointsRoute(PrimaryTarget member, IEnumerable<RoutePort> ports)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(ports);
        _member = member;
        _ports = [.. ports];
        if (_ports.Length == 0)
        {
            throw new ArgumentException("The route needs at least one port.", nameof(ports));
        }
    }

    /// <inheritdoc />
    public IList<V1EndpointSubset> SubsetsFor(string? holder) =>
        string.Equals(holder, _member.PodName, StringComparison.Ordinal) ? Subsets(_member, _ports) : [];

    /// <summary>The subsets that route to <paramref name="target"/>: none without one, its address under <c>notReadyAddresses</c> when it is not ready.</summary>
    /// <param name="target">The primary, or null.</param>
    /// <param name="ports">The master Service's ports.</param>
    public static IList<V1EndpointSubset> Subsets(PrimaryTarget? target, IEnumerable<RoutePort> ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        return RouteObjects.Subsets(target, ports);
    }
}
