using PgHa.Routing;
using PgHa.Routing.Routers;

namespace PgHa.Operator.Clusters;

/// <summary>
/// What the operator keeps per cluster between reconciles: its router (fed by the shared informers), the generation
/// its Services were provisioned for, and the status it last wrote. Only the worker that holds the cluster's key
/// changes it; the informers only call the router's <c>Observe</c>.
/// </summary>
internal sealed class ClusterState(string @namespace, string name, string team, PrimaryRouter router, ServiceProvisioner provisioner) : IDisposable
{
    public string Namespace { get; } = @namespace;

    public string Name { get; } = name;

    public string Team { get; } = team;

    public PrimaryRouter Router { get; } = router;

    public ServiceProvisioner Provisioner { get; } = provisioner;

    /// <summary>The generation the Services were last ensured for; null before the first time.</summary>
    public long? ProvisionedGeneration { get; set; }

    /// <summary>Set by the Service informer when one of the cluster's Services was deleted: ensure them again.</summary>
    public volatile bool ServicesStale;

    /// <summary>The route last written or found in place: leader (null = none) and its address.</summary>
    public (string? Leader, string? Address, long Term)? Route { get; set; }

    public void Dispose() => Router.Dispose();
}
