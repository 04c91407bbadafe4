namespace PgHa.Testing.Resources;

/// <summary>
/// The resources currently served: the built-in ones plus one per served version of every established
/// CustomResourceDefinition. Reads are lock-free over an immutable snapshot that is swapped whenever
/// a CRD is added or removed, so discovery and request routing never see a half-updated set.
/// </summary>
internal sealed class ResourceRegistry
{
    private readonly object _gate = new();
    private Snapshot _snapshot;

    public ResourceRegistry(IEnumerable<ResourceType> builtIn) => _snapshot = new Snapshot([.. builtIn]);

    /// <summary>Raised after the set of served resources changed (discovery and OpenAPI caches listen).</summary>
    public event Action? Changed;

    public IReadOnlyList<ResourceType> All => Volatile.Read(ref _snapshot).Types;

    /// <summary>Changes with every update; caches of derived documents key on it.</summary>
    public int Generation => Volatile.Read(ref _snapshot).Generation;

    public ResourceType? Find(string group, string version, string plural)
    {
        Volatile.Read(ref _snapshot).ByPath.TryGetValue((group, version, plural), out var type);
        return type;
    }

    /// <summary>True when some resource is served in <paramref name="group"/>/<paramref name="version"/>.</summary>
    public bool ServesGroupVersion(string group, string version) =>
        Volatile.Read(ref _snapshot).Types.Any(t => t.Group == group && t.Version == version);

    /// <summary>Replaces the custom resources defined by one CRD (by its name) with <paramref name="types"/>.</summary>
    public void SetCustomResources(string crdName, IReadOnlyList<ResourceType> types)
    {
        lock (_gate)
        {
            var current = _snapshot;
            var next = current.Types.Where(t => !(t.IsCustom && t.DefinedBy == crdName)).Concat(types).ToList();
            Volatile.Write(ref _snapshot, new Snapshot(next, current.Generation + 1));
        }

        Changed?.Invoke();
    }

    private sealed class Snapshot
    {
        public Snapshot(List<ResourceType> types, int generation = 0)
        {
            Types = types;
            Generation = generation;
            ByPath = types.ToDictionary(t => (t.Group, t.Version, t.Plural));
        }

        public List<ResourceType> Types { get; }

        public int Generation { get; }

        public Dictionary<(string Group, string Version, string Plural), ResourceType> ByPath { get; }
    }
}
