namespace PgHa.Testing.Storage;

/// <summary>Which objects a list or watch wants: an optional namespace and an optional predicate (selectors).</summary>
internal sealed class ObjectFilter
{
    public static readonly ObjectFilter All = new(null, null);

    public ObjectFilter(string? @namespace, Func<StoredObject, bool>? predicate)
    {
        Namespace = @namespace;
        Predicate = predicate;
    }

    /// <summary>Namespace to stay in, or null for all namespaces (and cluster-scoped objects).</summary>
    public string? Namespace { get; }

    public Func<StoredObject, bool>? Predicate { get; }

    public bool Matches(StoredObject obj) =>
        (Namespace is null || string.Equals(obj.Namespace, Namespace, StringComparison.Ordinal)) &&
        (Predicate is null || Predicate(obj));
}
