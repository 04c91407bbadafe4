using System.Text.Json.Nodes;
using PgHa.Testing.Json;
using PgHa.Testing.Storage;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Api.Strategies;

/// <summary>
/// CustomResourceDefinitions (apiextensions.k8s.io/v1): the name must be <c>plural.group</c>, exactly one
/// storage version, a schema per version, immutable group and scope. The CRD controller then accepts the
/// names and marks the definition Established, and the server starts serving the resource.
/// </summary>
internal sealed class CustomResourceDefinitionStrategy : ResourceStrategy
{
    private static readonly string[] Scopes = ["Cluster", "Namespaced"];

    public override bool AllowUnconditionalUpdate => false;

    public override void PrepareForCreate(JsonObject obj, StrategyContext context)
    {
        ApplyDefaults(obj);
        var stored = new JsonArray();
        if (StorageVersion(obj) is { } storage)
        {
            stored.Add(storage);
        }

        obj["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(),
            ["acceptedNames"] = new JsonObject { ["plural"] = string.Empty, ["kind"] = string.Empty },
            ["storedVersions"] = stored,
        };
    }

    public override void PrepareForUpdate(JsonObject obj, StoredObject old, StrategyContext context)
    {
        ApplyDefaults(obj);
        if (StorageVersion(obj) is { } storage && obj.Object("status").Array("storedVersions") is { } stored &&
            !stored.Any(v => v?.ToString() == storage))
        {
            stored.Add(storage);
        }
    }

    public override void Validate(JsonObject obj, StoredObject? old, FieldErrors errors, StrategyContext context)
    {
        var spec = obj.Object("spec");
        if (spec is null)
        {
            errors.Required("spec");
            return;
        }

        var group = spec.String("group") ?? string.Empty;
        if (group.Length == 0)
        {
            errors.Required("spec.group");
        }
        else
        {
            errors.InvalidEach("spec.group", group, NameValidation.IsDns1123Subdomain(group));
            if (!group.Contains('.', StringComparison.Ordinal))
            {
                errors.Invalid("spec.group", group, "should be a domain with at least one dot");
            }
        }

        var names = spec.Object("names");
        var plural = names.String("plural") ?? string.Empty;
        ValidateNames(names, errors);
        var name = obj.Object("metadata").String("name") ?? string.Empty;
        if (plural.Length > 0 && group.Length > 0 && name != plural + "." + group)
        {
            errors.Invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group");
        }

        var scope = spec.String("scope");
        if (string.IsNullOrEmpty(scope))
        {
            errors.Required("spec.scope");
        }
        else if (Array.IndexOf(Scopes, scope) < 0)
        {
            errors.NotSupported("spec.scope", scope, Scopes);
        }

        ValidateVersions(spec.Array("versions"), errors);
        if (old is not null)
        {
            var oldSpec = old.Object.Object("spec");
            if (oldSpec.String("group") is { } oldGroup && oldGroup != group)
            {
                errors.Immutable("spec.group", group);
            }

            if (oldSpec.String("scope") is { } oldScope && oldScope != scope)
            {
                errors.Immutable("spec.scope", scope);
            }
        }
    }

    /// <summary>The name of the version marked <c>storage: true</c>, if exactly one is.</summary>
    public static string? StorageVersion(JsonObject crd)
    {
        var storage = (crd.Object("spec").Array("versions") ?? []).OfType<JsonObject>().Where(v => v.Boolean("storage") == true).ToList();
        return storage.Count == 1 ? storage[0].String("name") : null;
    }

    private static void ValidateNames(JsonObject? names, FieldErrors errors)
    {
        if (names is null)
        {
            errors.Required("spec.names");
            return;
        }

        foreach (var field in new[] { "plural", "singular" })
        {
            var value = names.String(field) ?? string.Empty;
            if (value.Length == 0)
            {
                errors.Required("spec.names." + field);
            }
            else
            {
                errors.InvalidEach("spec.names." + field, value, NameValidation.IsDns1035Label(value));
            }
        }

        foreach (var field in new[] { "kind", "listKind" })
        {
            var value = names.String(field) ?? string.Empty;
            if (value.Length == 0)
            {
                errors.Required("spec.names." + field);
            }
            else
            {
                errors.InvalidEach("spec.names." + field, value, NameValidation.IsDns1035Label(value.ToLowerInvariant()));
            }
        }

        var shortNames = names.Array("shortNames");
        for (var i = 0; shortNames is not null && i < shortNames.Count; i++)
        {
            var value = shortNames[i]?.ToString() ?? string.Empty;
            errors.InvalidEach($"spec.names.shortNames[{i}]", value, NameValidation.IsDns1035Label(value));
        }
    }

    private static void ValidateVersions(JsonArray? versions, FieldErrors errors)
    {
        if (versions is null || versions.Count == 0)
        {
            errors.Invalid("spec.versions", "[]", "must have exactly one version marked as storage version");
            return;
        }

        var storage = 0;
        var served = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < versions.Count; i++)
        {
            if (versions[i] is not JsonObject version)
            {
                continue;
            }

            var name = version.String("name") ?? string.Empty;
            if (name.Length == 0)
            {
                errors.Required($"spec.versions[{i}].name");
            }
            else
            {
                errors.InvalidEach($"spec.versions[{i}].name", name, NameValidation.IsDns1035Label(name));
                if (!seen.Add(name))
                {
                    errors.Duplicate($"spec.versions[{i}].name", name);
                }
            }

            storage += version.Boolean("storage") == true ? 1 : 0;
            served += version.Boolean("served") == true ? 1 : 0;
            if (version.Object("schema").Object("openAPIV3Schema") is null)
            {
                errors.Required($"spec.versions[{i}].schema.openAPIV3Schema", "schemas are required");
            }
        }

        if (storage != 1)
        {
            errors.Invalid("spec.versions", versions.ToJsonString(), "must have exactly one version marked as storage version");
        }

        if (served == 0)
        {
            errors.Invalid("spec.versions", versions.ToJsonString(), "must have at least one served version");
        }
    }

    private static void ApplyDefaults(JsonObject obj)
    {
        var spec = obj.GetOrAddObject("spec");
        var names = spec.GetOrAddObject("names");
        if (names.String("kind") is { Length: > 0 } kind)
        {
            if (string.IsNullOrEmpty(names.String("singular")))
            {
                names["singular"] = kind.ToLowerInvariant();
            }

            if (string.IsNullOrEmpty(names.String("listKind")))
            {
                names["listKind"] = kind + "List";
            }
        }

        if (spec.Object("conversion") is null)
        {
            spec["conversion"] = new JsonObject { ["strategy"] = "None" };
        }
    }
}
