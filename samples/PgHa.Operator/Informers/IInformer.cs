using k8s;
using k8s.Models;

namespace PgHa.Operator.Informers;

/// <summary>A <see cref="SharedInformer{T}"/> without its type, for the operator's lifecycle and priming.</summary>
internal interface IInformer
{
    string Kind { get; }

    Task Synced { get; }

    Task NextWatch { get; }

    long Lists { get; }

    long Watches { get; }

    IEnumerable<IKubernetesObject<V1ObjectMeta>> Objects();

    Task RunAsync(CancellationToken cancellationToken);
}
