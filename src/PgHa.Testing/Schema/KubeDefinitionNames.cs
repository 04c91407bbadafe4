using System.Collections.Frozen;
using System.Reflection;
using k8s.Models;

namespace PgHa.Testing.Schema;

/// <summary>
/// Maps a KubernetesClient model type to the OpenAPI definition name kube-apiserver publishes for the Go
/// type it mirrors (<c>V1ServicePort</c> → <c>io.k8s.api.core.v1.ServicePort</c>).
/// </summary>
/// <remarks>
/// The generated models keep the version but drop the Go package, so the package is recovered in this
/// order: the group prefix KubernetesClient adds to ambiguous names (<c>Discoveryv1EndpointPort</c>); a
/// short table of meta/v1 names and of nested types kube keeps in another group; the
/// <c>[KubernetesEntity]</c> group; else the group of the kinds that reach the type (core if any core kind
/// does, as types shared with the core group live there). The result only depends on the type, never on
/// the order types are visited, so names are stable.
/// </remarks>
internal static class KubeDefinitionNames
{
    private const string MetaPackage = "io.k8s.apimachinery.pkg.apis.meta";
    private const string ApiExtensionsPackage = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions";

    // Types of k8s.io/apimachinery/pkg/apis/meta/v1 that the generated models carry without a prefix.
    private static readonly FrozenSet<string> MetaTypes = FrozenSet.ToFrozenSet(
    [
        "APIGroup", "APIGroupList", "APIResource", "APIResourceList", "APIVersions", "Condition", "DeleteOptions",
        "FieldSelectorRequirement", "GroupVersionForDiscovery", "LabelSelector", "LabelSelectorRequirement", "ListMeta",
        "ManagedFieldsEntry", "ObjectMeta", "OwnerReference", "Patch", "Preconditions", "ServerAddressByClientCIDR",
        "Status", "StatusCause", "StatusDetails", "WatchEvent",
    ], StringComparer.Ordinal);

    // Nested types of non-core groups whose names do not start with one of their group's kinds.
    private static readonly FrozenDictionary<string, string> NestedTypeGroups = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Endpoint"] = "discovery.k8s.io",
        ["EndpointConditions"] = "discovery.k8s.io",
        ["EndpointHints"] = "discovery.k8s.io",
        ["ForNode"] = "discovery.k8s.io",
        ["ForZone"] = "discovery.k8s.io",
        ["ExternalDocumentation"] = "apiextensions.k8s.io",
        ["JSONSchemaProps"] = "apiextensions.k8s.io",
        ["SelectableField"] = "apiextensions.k8s.io",
        ["ValidationRule"] = "apiextensions.k8s.io",
        ["WebhookConversion"] = "apiextensions.k8s.io",
        ["CustomResourceColumnDefinition"] = "apiextensions.k8s.io",
        ["CustomResourceConversion"] = "apiextensions.k8s.io",
        ["CustomResourceSubresourceScale"] = "apiextensions.k8s.io",
        ["CustomResourceSubresources"] = "apiextensions.k8s.io",
        ["CustomResourceValidation"] = "apiextensions.k8s.io",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Nested model type -> the group of the kinds that reach it.
    private static readonly Lazy<FrozenDictionary<Type, string>> ReachingGroups = new(LoadReachingGroups);

    /// <summary>The definition name of <paramref name="modelType"/>.</summary>
    public static string For(Type modelType)
    {
        ArgumentNullException.ThrowIfNull(modelType);
        var name = modelType.Name;
        if (TrySplitPrefixed(name, out var groupWord, out var version, out var shortName))
        {
            return PackageForGroupWord(groupWord) + "." + version + "." + shortName;
        }

        if (!TrySplitVersioned(name, out version, out shortName))
        {
            // Not a versioned kube model (VersionInfo, metrics types): a unique name outside kube's namespace.
            return "pgha.models." + name;
        }

        if (version == "v1" && MetaTypes.Contains(shortName))
        {
            return MetaPackage + ".v1." + shortName;
        }

        return PackageForGroup(GroupOf(modelType, shortName)) + "." + version + "." + shortName;
    }

    /// <summary>The Go type name used in decoding errors: <c>v1.ServicePort</c> for <c>io.k8s.api.core.v1.ServicePort</c>.</summary>
    public static string GoTypeName(string definitionName)
    {
        var last = definitionName.LastIndexOf('.');
        var previous = last > 0 ? definitionName.LastIndexOf('.', last - 1) : -1;
        return previous < 0 ? definitionName : definitionName[(previous + 1)..];
    }

    /// <summary>The Go struct name (without package) used in decoding errors: <c>ServicePort</c>.</summary>
    public static string GoStructName(string definitionName) => definitionName[(definitionName.LastIndexOf('.') + 1)..];

    private static string GroupOf(Type modelType, string shortName)
    {
        if (NestedTypeGroups.TryGetValue(shortName, out var nestedGroup))
        {
            return nestedGroup;
        }

        var entity = modelType.GetCustomAttribute<KubernetesEntityAttribute>();
        if (entity is not null)
        {
            return entity.Group ?? string.Empty;
        }

        if (ReachingGroups.Value.TryGetValue(modelType, out var reaching))
        {
            return reaching;
        }

        return string.Empty;
    }

    private static string PackageForGroup(string group)
    {
        if (group.Length == 0)
        {
            return "io.k8s.api.core";
        }

        var dot = group.IndexOf('.', StringComparison.Ordinal);
        var word = dot < 0 ? group : group[..dot];
        if (group == "internal.apiserver.k8s.io")
        {
            word = "apiserverinternal";
        }

        return PackageForGroupWord(word);
    }

    private static string PackageForGroupWord(string word) => word switch
    {
        "apiextensions" => ApiExtensionsPackage,
        "apiregistration" => "io.k8s.kube-aggregator.pkg.apis.apiregistration",
        "meta" => MetaPackage,
        _ => "io.k8s.api." + word,
    };

    // "Discoveryv1EndpointPort" -> ("discovery", "v1", "EndpointPort").
    private static bool TrySplitPrefixed(string name, out string groupWord, out string version, out string shortName)
    {
        groupWord = version = shortName = string.Empty;
        if (name.Length < 4 || !char.IsUpper(name[0]) || !char.IsLower(name[1]))
        {
            return false;
        }

        var i = 1;
        while (i < name.Length && char.IsLower(name[i]))
        {
            i++;
        }

        if (i >= name.Length || name[i - 1] != 'v' || !char.IsDigit(name[i]))
        {
            return false;
        }

        var versionStart = i - 1;
        if (!TryReadVersion(name, versionStart, out var end))
        {
            return false;
        }

        groupWord = name[..versionStart].ToLowerInvariant();
        version = name[versionStart..end];
        shortName = name[end..];
        return shortName.Length > 0;
    }

    // "V1beta1Foo" -> ("v1beta1", "Foo").
    private static bool TrySplitVersioned(string name, out string version, out string shortName)
    {
        version = shortName = string.Empty;
        if (name.Length < 3 || name[0] != 'V' || !char.IsDigit(name[1]) || !TryReadVersion(name, 0, out var end))
        {
            return false;
        }

        version = "v" + name[1..end];
        shortName = name[end..];
        return shortName.Length > 0;
    }

    // Reads "v1", "v1beta2" or "v2alpha1" starting at the 'v'/'V' at start; end is just past it.
    private static bool TryReadVersion(string name, int start, out int end)
    {
        end = start + 1;
        while (end < name.Length && char.IsDigit(name[end]))
        {
            end++;
        }

        if (end == start + 1)
        {
            return false;
        }

        foreach (var stage in (ReadOnlySpan<string>)["alpha", "beta"])
        {
            if (string.CompareOrdinal(name, end, stage, 0, stage.Length) == 0
                && end + stage.Length < name.Length && char.IsDigit(name[end + stage.Length]))
            {
                end += stage.Length;
                while (end < name.Length && char.IsDigit(name[end]))
                {
                    end++;
                }

                break;
            }
        }

        return end < name.Length && char.IsUpper(name[end]);
    }

    private static FrozenDictionary<Type, string> LoadReachingGroups()
    {
        var groups = new Dictionary<Type, SortedSet<string>>();
        foreach (var entity in typeof(V1Service).Assembly.GetExportedTypes())
        {
            var attribute = entity.GetCustomAttribute<KubernetesEntityAttribute>();
            if (attribute?.Kind is null || MetaTypes.Contains(attribute.Kind) || entity.IsGenericType)
            {
                continue;
            }

            var group = attribute.Group ?? string.Empty;
            var seen = new HashSet<Type>();
            var pending = new Stack<Type>([entity]);
            while (pending.Count > 0)
            {
                var type = pending.Pop();
                if (!seen.Add(type))
                {
                    continue;
                }

                if (!groups.TryGetValue(type, out var set))
                {
                    groups[type] = set = new SortedSet<string>(StringComparer.Ordinal);
                }

                set.Add(group);
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    foreach (var reached in ModelTypesIn(property.PropertyType))
                    {
                        pending.Push(reached);
                    }
                }
            }
        }

        // Core wins (shared types live in core/v1); otherwise the ordinal-first group, for determinism.
        return groups.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.Min!);
    }

    private static IEnumerable<Type> ModelTypesIn(Type type)
    {
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                foreach (var model in ModelTypesIn(argument))
                {
                    yield return model;
                }
            }
        }
        else if (type.IsClass && type.Namespace == typeof(V1Service).Namespace)
        {
            yield return type;
        }
    }
}
