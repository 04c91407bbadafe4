using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using PgHa.Election;
using PgHa.Operator.Clusters;
using PgHa.Routing;

namespace PgHa.Operator.Informers;

/// <summary>
/// Makes the operator's informers: one list+watch per kind, cluster-wide (or in the one namespace configured),
/// filtered by the clusters' label, never one per cluster.
/// </summary>
internal sealed class InformerFactory(IKubernetes client, OperatorOptions options, TimeProvider time, ILogger logger)
{
    private string? Ns => options.Namespace;

    private string Selector => options.LabelSelector;

    public SharedInformer<PostgresqlResource> Postgresqls(Action<InformerEvent<PostgresqlResource>> handler) => new(
        "postgresqls." + PostgresqlResource.Group,
        async ct =>
        {
            var list = Ns is null
                ? await client.CustomObjects.ListCustomObjectForAllNamespacesAsync(PostgresqlResource.Group, PostgresqlResource.Version, PostgresqlResource.Plural, cancellationToken: ct).ConfigureAwait(false)
                : await client.CustomObjects.ListNamespacedCustomObjectAsync(PostgresqlResource.Group, PostgresqlResource.Version, Ns, PostgresqlResource.Plural, cancellationToken: ct).ConfigureAwait(false);
            return PostgresqlResource.ListFrom(list);
        },
        (version, onError, ct) => Convert(Ns is null
            ? client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(PostgresqlResource.Group, PostgresqlResource.Version, PostgresqlResource.Plural,
                allowWatchBookmarks: true, resourceVersion: version, onError: onError, cancellationToken: ct)
            : client.CustomObjects.WatchListNamespacedCustomObjectAsync(PostgresqlResource.Group, PostgresqlResource.Version, Ns, PostgresqlResource.Plural,
                allowWatchBookmarks: true, resourceVersion: version, onError: onError, cancellationToken: ct)),
        handler,
        options.ResyncPeriod,
        time,
        logger);

    public SharedInformer<V1Pod> Pods(Action<InformerEvent<V1Pod>> handler) => new(
        "pods",
        async ct =>
        {
            var list = Ns is null
                ? await client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: Selector, cancellationToken: ct).ConfigureAwait(false)
                : await client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: Selector, cancellationToken: ct).ConfigureAwait(false);
            return (list.Items.ToList(), list.ResourceVersion());
        },
        (version, onError, ct) => Nullable(Ns is null
            ? client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: version, onError: onError, cancellationToken: ct)
            : client.CoreV1.WatchListNamespacedPodAsync(Ns, allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: version, onError: onError, cancellationToken: ct)),
        handler,
        TimeSpan.Zero,
        time,
        logger);

    public SharedInformer<V1Service> Services(Action<InformerEvent<V1Service>> handler) => new(
        "services",
        async ct =>
        {
            var list = Ns is null
                ? await client.CoreV1.ListServiceForAllNamespacesAsync(labelSelector: Selector, cancellationToken: ct).ConfigureAwait(false)
                : await client.CoreV1.ListNamespacedServiceAsync(Ns, labelSelector: Selector, cancellationToken: ct).ConfigureAwait(false);
            return (list.Items.ToList(), list.ResourceVersion());
        },
        (version, onError, ct) => Nullable(Ns is null
            ? client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: version, onError: onError, cancellationToken: ct)
            : client.CoreV1.WatchListNamespacedServiceAsync(Ns, allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: version, onError: onError, cancellationToken: ct)),
        handler,
        TimeSpan.Zero,
        time,
        logger);

    public SharedInformer<V1EndpointSlice> EndpointSlices(Action<InformerEvent<V1EndpointSlice>> handler) => new(
        "endpointslices.discovery.k8s.io",
        async ct =>
        {
            var list = Ns is null
                ? await client.DiscoveryV1.ListEndpointSliceForAllNamespacesAsync(labelSelector: Selector, cancellationToken: ct).ConfigureAwait(false)
                : await client.DiscoveryV1.ListNamespacedEndpointSliceAsync(Ns, labelSelector: Selector, cancellationToken: ct).ConfigureAwait(false);
            return (list.Items.ToList(), list.ResourceVersion());
        },
        (version, onError, ct) => Nullable(Ns is null
            ? client.DiscoveryV1.WatchListEndpointSliceForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: version, onError: onError, cancellationToken: ct)
            : client.DiscoveryV1.WatchListNamespacedEndpointSliceAsync(Ns, allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: version, onError: onError, cancellationToken: ct)),
        handler,
        TimeSpan.Zero,
        time,
        logger);

    public SharedInformer<V1Endpoints> Endpoints(Action<InformerEvent<V1Endpoints>> handler) => new(
        "endpoints",
        async ct =>
        {
            var list = Ns is null
                ? await client.CoreV1.ListEndpointsForAllNamespacesAsync(labelSelector: Selector, cancellationToken: ct).ConfigureAwait(false)
                : await client.CoreV1.ListNamespacedEndpointsAsync(Ns, labelSelector: Selector, cancellationToken: ct).ConfigureAwait(false);
            return (list.Items.ToList(), list.ResourceVersion());
        },
        (version, onError, ct) => Nullable(Ns is null
            ? client.CoreV1.WatchListEndpointsForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: version, onError: onError, cancellationToken: ct)
            : client.CoreV1.WatchListNamespacedEndpointsAsync(Ns, allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: version, onError: onError, cancellationToken: ct)),
        handler,
        TimeSpan.Zero,
        time,
        logger);

    public SharedInformer<V1ConfigMap> ConfigMaps(Action<InformerEvent<V1ConfigMap>> handler) => new(
        "configmaps",
        async ct =>
        {
            var list = Ns is null
                ? await client.CoreV1.ListConfigMapForAllNamespacesAsync(labelSelector: Selector, cancellationToken: ct).ConfigureAwait(false)
                : await client.CoreV1.ListNamespacedConfigMapAsync(Ns, labelSelector: Selector, cancellationToken: ct).ConfigureAwait(false);
            return (list.Items.ToList(), list.ResourceVersion());
        },
        (version, onError, ct) => Nullable(Ns is null
            ? client.CoreV1.WatchListConfigMapForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: version, onError: onError, cancellationToken: ct)
            : client.CoreV1.WatchListNamespacedConfigMapAsync(Ns, allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: version, onError: onError, cancellationToken: ct)),
        handler,
        TimeSpan.Zero,
        time,
        logger);

    public SharedInformer<V1Lease> Leases(Action<InformerEvent<V1Lease>> handler) => new(
        "leases.coordination.k8s.io",
        async ct =>
        {
            var list = Ns is null
                ? await client.CoordinationV1.ListLeaseForAllNamespacesAsync(labelSelector: Selector, cancellationToken: ct).ConfigureAwait(false)
                : await client.CoordinationV1.ListNamespacedLeaseAsync(Ns, labelSelector: Selector, cancellationToken: ct).ConfigureAwait(false);
            return (list.Items.ToList(), list.ResourceVersion());
        },
        (version, onError, ct) => Nullable(Ns is null
            ? client.CoordinationV1.WatchListLeaseForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: version, onError: onError, cancellationToken: ct)
            : client.CoordinationV1.WatchListNamespacedLeaseAsync(Ns, allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: version, onError: onError, cancellationToken: ct)),
        handler,
        TimeSpan.Zero,
        time,
        logger);

    /// <summary>The route's informer and the lock's (one object when both are Endpoints).</summary>
    public (IInformer Routes, IInformer Locks) RoutesAndLocks(
        Action<IKubernetesObject<V1ObjectMeta>, InformerEventKind> onRoute,
        Action<IKubernetesObject<V1ObjectMeta>, InformerEventKind> onLock)
    {
        if (options.RoutingMode == RoutingMode.Endpoints && options.LockKind == LockKind.Endpoints)
        {
            var both = Endpoints(e =>
            {
                onRoute(e.Object, e.Kind);
                onLock(e.Object, e.Kind);
            });
            return (both, both);
        }

        IInformer routes = options.RoutingMode == RoutingMode.Endpoints
            ? Endpoints(e => onRoute(e.Object, e.Kind))
            : EndpointSlices(e => onRoute(e.Object, e.Kind));
        IInformer locks = options.LockKind switch
        {
            LockKind.Endpoints => Endpoints(e => onLock(e.Object, e.Kind)),
            LockKind.Lease => Leases(e => onLock(e.Object, e.Kind)),
            _ => ConfigMaps(e => onLock(e.Object, e.Kind)),
        };
        return (routes, locks);
    }

    private static async IAsyncEnumerable<(WatchEventType, T?)> Nullable<T>(IAsyncEnumerable<(WatchEventType, T)> events)
        where T : class
    {
        await foreach (var item in events.ConfigureAwait(false))
        {
            yield return item;
        }
    }

    private static async IAsyncEnumerable<(WatchEventType, PostgresqlResource?)> Convert(IAsyncEnumerable<(WatchEventType, object)> events)
    {
        await foreach (var (type, item) in events.ConfigureAwait(false))
        {
            yield return (type, PostgresqlResource.From(item));
        }
    }
}
