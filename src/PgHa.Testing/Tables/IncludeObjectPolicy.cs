namespace PgHa.Testing.Tables;

/// <summary>
/// The <c>includeObject</c> query parameter of a Table request (<c>metav1.IncludeObjectPolicy</c>): what each row's
/// <c>object</c> carries.
/// </summary>
internal enum IncludeObjectPolicy
{
    /// <summary><c>Metadata</c>, kube's default: a <c>PartialObjectMetadata</c> with the object's metadata.</summary>
    Metadata,

    /// <summary><c>None</c>: <c>"object": null</c>.</summary>
    None,

    /// <summary><c>Object</c>: the whole object (what <c>kubectl get --sort-by</c> asks for).</summary>
    Object,
}
