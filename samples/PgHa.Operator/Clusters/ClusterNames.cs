using k8s;
using k8s.Models;
using PgHa.Election;

namespace PgHa.Operator.Clusters;

/// <summary>How the operator tells which cluster an object belongs to, and the names both sides agree on.</summary>
internal static class ClusterNames
{
    public const string ClusterLabel = "cluster-name";

    /// <summary>The work-queue key of a cluster.</summary>
    public static string Key(string @namespace, string cluster) => @namespace + "/" + cluster;

    /// <summary>Splits a key into namespace and cluster name.</summary>
    public static (string Namespace, string Cluster) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }

    /// <summary>The lock object's name, computed as the agents' electors compute it.</summary>
    public static string LockName(string @namespace, string cluster, LockKind kind) =>
        new LeaderElectorOptions { Scope = cluster, Namespace = @namespace, LockKind = kind }.EffectiveLockName;

    /// <summary>The cluster an object belongs to by its <c>cluster-name</c> label; null when it has none.</summary>
    public static string? ClusterOf(IKubernetesObject<V1ObjectMeta> item) =>
        item.Metadata?.Labels is { } labels && labels.TryGetValue(ClusterLabel, out var cluster) && cluster.Length > 0 ? cluster : null;

    /// <summary>
    /// The cluster whose lock <paramref name="item"/> is, or null when it is no cluster's lock (e.g. Patroni's
    /// <c>-config</c> ConfigMap, which carries the same labels): the label names the cluster, the name must then be
    /// that cluster's lock name. An unlabelled lock is recognised by its name alone.
    /// </summary>
    public static string? LockOwner(IKubernetesObject<V1ObjectMeta> item, LockKind kind)
    {
        var name = item.Name();
        var ns = item.Namespace() ?? string.Empty;
        if (ClusterOf(item) is { } cluster)
        {
            return LockName(ns, cluster, kind) == name ? cluster : null;
        }

        const string Suffix = "-leader";
        return kind == LockKind.Endpoints ? name
            : name.EndsWith(Suffix, StringComparison.Ordinal) && name.Length > Suffix.Length ? name[..^Suffix.Length] : null;
    }
}
