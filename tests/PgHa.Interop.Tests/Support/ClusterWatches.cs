using k8s;
using k8s.Models;
using PgHa.Election.Records;

namespace PgHa.Interop.Tests.Support;

/// <summary>Watches of what a Patroni cluster writes: its lock object, and the master Service's slices.</summary>
internal static class ClusterWatches
{
    /// <summary>The lock object's annotations (Endpoints or ConfigMap), as a watch.</summary>
    public static async Task<ObjectWatch<V1ObjectMetaHolder>> LockAsync(PatroniCluster cluster)
    {
        var selector = "metadata.name=" + cluster.LockName;
        var client = cluster.Admin;
        if (cluster.UseEndpoints)
        {
            return await ObjectWatch<V1ObjectMetaHolder>.StartAsync(
                async ct => V1ObjectMetaHolder.List(await client.CoreV1.ListNamespacedEndpointsAsync("default", fieldSelector: selector, cancellationToken: ct)),
                (version, onError, ct) => Map(client.CoreV1.WatchListNamespacedEndpointsAsync("default", fieldSelector: selector, resourceVersion: version, onError: onError, cancellationToken: ct), V1ObjectMetaHolder.From));
        }

        return await ObjectWatch<V1ObjectMetaHolder>.StartAsync(
            async ct => V1ObjectMetaHolder.List(await client.CoreV1.ListNamespacedConfigMapAsync("default", fieldSelector: selector, cancellationToken: ct)),
            (version, onError, ct) => Map(client.CoreV1.WatchListNamespacedConfigMapAsync("default", fieldSelector: selector, resourceVersion: version, onError: onError, cancellationToken: ct), V1ObjectMetaHolder.From));
    }

    /// <summary>The master Service's EndpointSlices, as a watch.</summary>
    public static Task<ObjectWatch<V1EndpointSlice>> SlicesAsync(PatroniCluster cluster)
    {
        var selector = "kubernetes.io/service-name=" + PatroniCluster.Scope;
        var client = cluster.Admin;
        return ObjectWatch<V1EndpointSlice>.StartAsync(
            ct => client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default", labelSelector: selector, cancellationToken: ct),
            (version, onError, ct) => client.DiscoveryV1.WatchListNamespacedEndpointSliceAsync("default", labelSelector: selector, resourceVersion: version, onError: onError, cancellationToken: ct));
    }

    /// <summary>The lock record in a lock object, read with PgHa's codec.</summary>
    public static RecordReadResult Record(IReadOnlyDictionary<string, V1ObjectMetaHolder> objects, string name) =>
        PatroniRecordCodec.Read(objects.TryGetValue(name, out var holder) && holder.Metadata.Annotations is { } annotations
            ? new Dictionary<string, string>(annotations)
            : null);

    /// <summary>The addresses the slices lead to (ready endpoints only).</summary>
    public static IReadOnlyList<string> ReadyAddresses(IReadOnlyDictionary<string, V1EndpointSlice> slices) =>
        [.. slices.Values.SelectMany(s => s.Endpoints ?? []).Where(e => e.Conditions?.Ready != false).SelectMany(e => e.Addresses).Order(StringComparer.Ordinal)];

    private static async IAsyncEnumerable<(WatchEventType, V1ObjectMetaHolder)> Map<T>(IAsyncEnumerable<(WatchEventType, T)> source, Func<T, V1ObjectMetaHolder> map)
    {
        await foreach (var (type, item) in source)
        {
            yield return (type, map(item));
        }
    }
}

/// <summary>A lock object of either kind, by its metadata (and subsets, for Endpoints).</summary>
internal sealed class V1ObjectMetaHolder : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "v1";

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();

    public IList<V1EndpointSubset>? Subsets { get; set; }

    public static V1ObjectMetaHolder From(V1Endpoints endpoints) => new() { Kind = "Endpoints", Metadata = endpoints.Metadata, Subsets = endpoints.Subsets };

    public static V1ObjectMetaHolder From(V1ConfigMap map) => new() { Kind = "ConfigMap", Metadata = map.Metadata };

    public static HolderList List(V1EndpointsList list) => new(list.Metadata, [.. list.Items.Select(From)]);

    public static HolderList List(V1ConfigMapList list) => new(list.Metadata, [.. list.Items.Select(From)]);
}

/// <summary>A list of <see cref="V1ObjectMetaHolder"/> with the list's metadata.</summary>
internal sealed class HolderList(V1ListMeta metadata, IList<V1ObjectMetaHolder> items) : IKubernetesObject<V1ListMeta>, IItems<V1ObjectMetaHolder>
{
    public string ApiVersion { get; set; } = "v1";

    public string Kind { get; set; } = "List";

    public V1ListMeta Metadata { get; set; } = metadata;

    public IList<V1ObjectMetaHolder> Items { get; set; } = items;
}
