using System.Net;

namespace PgHa.Routing;

/// <summary>The member the master Service must lead to: its Pod, its address (IPv4 or IPv6), node and readiness.</summary>
/// <param name="PodName">The primary's Pod name.</param>
/// <param name="Namespace">The Pod's namespace.</param>
/// <param name="Address">The Pod's IP; its family decides the slice's <c>addressType</c>.</param>
/// <param name="NodeName">The node the Pod runs on, if known.</param>
/// <param name="Ready">Whether the primary accepts connections (the endpoint's <c>ready</c> and <c>serving</c> conditions).</param>
/// <param name="PodUid">The Pod's uid, for the endpoint's <c>targetRef</c>, if known.</param>
public sealed record PrimaryTarget(string PodName, string Namespace, IPAddress Address, string? NodeName = null, bool Ready = true, string? PodUid = null)
{
    /// <summary>The slice <c>addressType</c> for <see cref="Address"/>: <c>IPv4</c> or <c>IPv6</c>.</summary>
    public string AddressType => Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !Address.IsIPv4MappedToIPv6 ? "IPv6" : "IPv4";
}
