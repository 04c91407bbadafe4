using k8s.Models;

namespace PgHa.Routing.Routers;

/// <summary>The Services after <see cref="IServiceProvisioner.EnsureServicesAsync"/>, and what is wrong with them.</summary>
/// <param name="Master">The master Service.</param>
/// <param name="Replica">The replica Service, when it is provisioned.</param>
/// <param name="Writes">The API writes made (creates and label patches); zero when everything was in place.</param>
/// <param name="Problems">What was found wrong and left alone (e.g. a selector on the master Service), each a sentence.</param>
public sealed record ServiceProvisioning(V1Service Master, V1Service? Replica, int Writes, IReadOnlyList<string> Problems);
