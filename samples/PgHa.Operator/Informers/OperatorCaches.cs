using k8s;
using k8s.Models;
using PgHa.Operator.Clusters;

namespace PgHa.Operator.Informers;

/// <summary>The operator's shared informers, one per kind, and the views of them a reconcile reads (never the API).</summary>
internal sealed class OperatorCaches
{
    public required SharedInformer<PostgresqlResource> Postgresqls { get; init; }

    public required SharedInformer<V1Pod> Pods { get; init; }

    public required SharedInformer<V1Service> Services { get; init; }

    /// <summary>The route's kind: EndpointSlices, or Endpoints in Endpoints mode.</summary>
    public required IInformer Routes { get; init; }

    /// <summary>The lock's kind; the same informer as <see cref="Routes"/> when both are Endpoints.</summary>
    public required IInformer Locks { get; init; }

    /// <summary>Every informer once (Routes and Locks may be one).</summary>
    public IReadOnlyList<IInformer> All =>
        new IInformer[] { Postgresqls, Pods, Services, Routes, Locks }.Distinct().ToList();

    /// <summary>What a new router of <paramref name="cluster"/> is primed with: the namespace's Services and route objects named after the cluster.</summary>
    public IEnumerable<IKubernetesObject<V1ObjectMeta>> RouteObjects(string @namespace, string cluster)
    {
        bool Ours(IKubernetesObject<V1ObjectMeta> item) =>
            item.Namespace() == @namespace && item.Name().StartsWith(cluster, StringComparison.Ordinal);

        return Services.Items().Where(Ours).Cast<IKubernetesObject<V1ObjectMeta>>().Concat(Routes.Objects().Where(Ours));
    }
}
