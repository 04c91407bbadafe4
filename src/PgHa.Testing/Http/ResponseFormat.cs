namespace PgHa.Testing.Http;

/// <summary>The representation a client asked for in its Accept header.</summary>
internal enum ResponseFormat
{
    /// <summary>The object or list itself, as JSON.</summary>
    Json,

    /// <summary>A <c>meta.k8s.io/v1</c> Table (<c>kubectl get</c>).</summary>
    Table,

    /// <summary><c>PartialObjectMetadata</c> / <c>PartialObjectMetadataList</c> (metadata-only clients).</summary>
    PartialObjectMetadata,
}
