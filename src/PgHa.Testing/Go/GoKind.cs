namespace PgHa.Testing.Go;

/// <summary>
/// The Go type a JSON value decodes to in kube's unstructured maps (integers keep <c>int64</c>, other numbers become
/// <c>float64</c>). Strategic merge compares values with Go's <c>==</c> on these types, so 1 and 1.0 differ.
/// </summary>
internal enum GoKind
{
    Nil,
    Map,
    Slice,
    String,
    Int64,
    Float64,
    Bool,
}
