using System.Text.Json.Nodes;
using PgHa.Testing.Json;
using PgHa.Testing.Resources;

namespace PgHa.Testing.Http;

/// <summary>
/// The legacy (unaggregated) discovery documents: <c>/api</c>, <c>/api/v1</c>, <c>/apis</c>,
/// <c>/apis/{group}</c>, <c>/apis/{group}/{version}</c> and <c>/version</c>. Built from the registry and
/// cached until the served resources change (a CRD is established or removed).
/// </summary>
internal sealed class DiscoveryDocuments
{
    private readonly ResourceRegistry _registry;
    private readonly string _kubernetesVersion;
    private Cache? _cache;

    public DiscoveryDocuments(ResourceRegistry registry, string kubernetesVersion)
    {
        _registry = registry;
        _kubernetesVersion = kubernetesVersion;
    }

    public byte[] Version()
    {
        var core = _kubernetesVersion.TrimStart('v').Split('.', '-', '+');
        return new JsonObject
        {
            ["major"] = core[0],
            ["minor"] = core.Length > 1 ? core[1] : "0",
            ["gitVersion"] = _kubernetesVersion,
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2026-01-01T00:00:00Z",
            ["goVersion"] = "go1.24.0",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        }.ToUtf8();
    }

    public static byte[] CoreVersions(string serverAddress) => new JsonObject
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    }.ToUtf8();

    public byte[] Groups() => Current().Groups;

    /// <summary>The APIGroup document of one group, or null when no resource is served in it.</summary>
    public byte[]? Group(string group) => Current().Group.GetValueOrDefault(group);

    /// <summary>The APIResourceList of one group/version, or null when nothing is served there.</summary>
    public byte[]? Resources(string group, string version) => Current().Resources.GetValueOrDefault((group, version));

    private Cache Current()
    {
        var cache = Volatile.Read(ref _cache);
        var generation = _registry.Generation;
        if (cache is not null && cache.Generation == generation)
        {
            return cache;
        }

        cache = Build(_registry.All, generation);
        Volatile.Write(ref _cache, cache);
        return cache;
    }

    private static Cache Build(IReadOnlyList<ResourceType> types, int generation)
    {
        var resources = new Dictionary<(string, string), byte[]>();
        foreach (var byVersion in types.GroupBy(t => (t.Group, t.Version)))
        {
            var list = new JsonArray();
            foreach (var type in byVersion.OrderBy(t => t.Plural, StringComparer.Ordinal))
            {
                var entry = new JsonObject
                {
                    ["name"] = type.Plural,
                    ["singularName"] = type.Singular,
                    ["namespaced"] = type.Namespaced,
                    ["kind"] = type.Kind,
                    ["verbs"] = Strings(type.Verbs),
                };
                if (type.ShortNames.Count > 0)
                {
                    entry["shortNames"] = Strings(type.ShortNames);
                }

                if (type.Categories.Count > 0)
                {
                    entry["categories"] = Strings(type.Categories);
                }

                list.Add(entry);
                if (type.HasStatusSubresource)
                {
                    list.Add(new JsonObject
                    {
                        ["name"] = type.Plural + "/status",
                        ["singularName"] = string.Empty,
                        ["namespaced"] = type.Namespaced,
                        ["kind"] = type.Kind,
                        ["verbs"] = Strings(["get", "patch", "update"]),
                    });
                }
            }

            resources[byVersion.Key] = new JsonObject
            {
                ["kind"] = "APIResourceList",
                ["apiVersion"] = "v1",
                ["groupVersion"] = byVersion.First().ApiVersion,
                ["resources"] = list,
            }.ToUtf8();
        }

        var groups = new JsonArray();
        var groupDocuments = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var byGroup in types.Where(t => t.Group.Length > 0).GroupBy(t => t.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var versions = byGroup.Select(t => t.Version).Distinct().OrderBy(v => v, KubeVersionComparer.Instance).ToList();
            var group = GroupDocument(byGroup.Key, versions);
            groups.Add(group.DeepClone());
            group["kind"] = "APIGroup";
            group["apiVersion"] = "v1";
            groupDocuments[byGroup.Key] = group.ToUtf8();
        }

        var groupList = new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups }.ToUtf8();
        return new Cache(generation, groupList, groupDocuments, resources);
    }

    private static JsonObject GroupDocument(string group, List<string> versions)
    {
        var list = new JsonArray();
        foreach (var version in versions)
        {
            list.Add(new JsonObject { ["groupVersion"] = group + "/" + version, ["version"] = version });
        }

        return new JsonObject
        {
            ["name"] = group,
            ["versions"] = list,
            ["preferredVersion"] = new JsonObject { ["groupVersion"] = group + "/" + versions[0], ["version"] = versions[0] },
        };
    }

    private static JsonArray Strings(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (var value in values)
        {
            array.Add(value);
        }

        return array;
    }

    private sealed record Cache(int Generation, byte[] Groups, Dictionary<string, byte[]> Group, Dictionary<(string, string), byte[]> Resources);
}
