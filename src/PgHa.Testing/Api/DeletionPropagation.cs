namespace PgHa.Testing.Api;

/// <summary>How a delete treats the objects that name the deleted one as owner.</summary>
internal enum DeletionPropagation
{
    /// <summary>Dependents are kept and lose their owner reference.</summary>
    Orphan,

    /// <summary>The owner goes at once; the garbage collector deletes dependents afterwards (kube's default).</summary>
    Background,

    /// <summary>The owner stays (with a deletion timestamp) until its blocking dependents are gone.</summary>
    Foreground,
}
