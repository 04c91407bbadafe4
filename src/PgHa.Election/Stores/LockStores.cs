using k8s;

namespace PgHa.Election.Stores;

/// <summary>Creates the lock store an elector's options describe.</summary>
public static class LockStores
{
    /// <summary>The store for <paramref name="options"/>' lock kind, namespace, name and labels.</summary>
    /// <param name="client">The Kubernetes client.</param>
    /// <param name="options">Validated elector options.</param>
    /// <param name="route">With <see cref="LockKind.Endpoints"/>: the route to write in the same compare-and-swap; ignored otherwise.</param>
    public static ILeaderLockStore Create(IKubernetes client, LeaderElectorOptions options, IEndpointsWriteContributor? route = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        return options.LockKind switch
        {
            LockKind.Endpoints => new AnnotationLockStore(client, options.Namespace, options.EffectiveLockName, endpoints: true, options.EffectiveLabels, route),
            LockKind.ConfigMap => new AnnotationLockStore(client, options.Namespace, options.EffectiveLockName, endpoints: false, options.EffectiveLabels, null),
            LockKind.Lease => new LeaseLockStore(client, options.Namespace, options.EffectiveLockName, options.EffectiveLabels),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.LockKind, "unknown lock kind"),
        };
    }
}
