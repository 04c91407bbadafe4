namespace PgHa.Agent.Cluster;

/// <summary>The annotations of a cluster object (<c>-config</c>, <c>-sync</c>) and the version they were read at, for compare-and-swap.</summary>
internal sealed record AnnotatedObject(IReadOnlyDictionary<string, string> Annotations, string ResourceVersion)
{
    public string? Get(string key) => Annotations.TryGetValue(key, out var value) ? value : null;
}
