using k8s.Models;

namespace PgHa.Operator.Informers;

/// <summary>What an informer saw happen to an object.</summary>
internal enum InformerEventKind
{
    /// <summary>The object appeared (watched, or found by a re-list).</summary>
    Added,

    /// <summary>The object changed.</summary>
    Modified,

    /// <summary>The object is gone (watched, or missing from a re-list).</summary>
    Deleted,

    /// <summary>Nothing happened: the periodic resync hands every cached object out again, without any API read.</summary>
    Resync,
}

/// <summary>One event of a <see cref="SharedInformer{T}"/>.</summary>
/// <typeparam name="T">The kind.</typeparam>
internal readonly record struct InformerEvent<T>(InformerEventKind Kind, T Object)
    where T : class, k8s.IKubernetesObject<V1ObjectMeta>;
