namespace PgHa.Testing.Storage;

/// <summary>An object's identity within one resource: namespace (null when cluster-scoped) and name.</summary>
internal readonly record struct ObjectKey(string? Namespace, string Name) : IComparable<ObjectKey>
{
    /// <summary>Orders as etcd keys do (<c>namespace/name</c>), which is the order lists return.</summary>
    public int CompareTo(ObjectKey other)
    {
        var byNamespace = string.CompareOrdinal(Namespace ?? string.Empty, other.Namespace ?? string.Empty);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Name, other.Name);
    }

    public override string ToString() => Namespace is null ? Name : Namespace + "/" + Name;
}
