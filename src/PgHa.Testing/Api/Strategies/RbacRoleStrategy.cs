using System.Text.Json.Nodes;
using PgHa.Testing.Json;
using PgHa.Testing.Storage;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Api.Strategies;

/// <summary>
/// Roles and ClusterRoles (rbac.authorization.k8s.io/v1), after kube's <c>ValidatePolicyRule</c>: every rule names
/// verbs; a resource rule names API groups and resources; only a ClusterRole's rules may name non-resource URLs,
/// and then no resources. Names are path segments (<c>system:discovery</c> is a valid name).
/// </summary>
internal sealed class RbacRoleStrategy(bool clusterScoped) : ResourceStrategy
{
    public override NameRule NameRule => NameRule.PathSegment;

    public override bool AllowCreateOnUpdate => true;

    public override void Validate(JsonObject obj, StoredObject? old, FieldErrors errors, StrategyContext context)
    {
        var rules = obj.Array("rules") ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            ValidateRule(rules[i] as JsonObject, $"rules[{i}]", clusterScoped, errors);
        }
    }

    public static void ValidateRule(JsonObject? rule, string path, bool allowNonResourceUrls, FieldErrors errors)
    {
        if (Count(rule, "verbs") == 0)
        {
            errors.Required(path + ".verbs", "verbs must contain at least one value");
        }

        if (Count(rule, "nonResourceURLs") > 0)
        {
            if (!allowNonResourceUrls)
            {
                errors.Invalid(path + ".nonResourceURLs", Strings(rule, "nonResourceURLs"), "namespaced rules cannot apply to non-resource URLs");
            }

            if (Count(rule, "apiGroups") > 0 || Count(rule, "resources") > 0 || Count(rule, "resourceNames") > 0)
            {
                errors.Invalid(path + ".nonResourceURLs", Strings(rule, "nonResourceURLs"), "rules cannot apply to both regular resources and non-resource URLs");
            }

            return;
        }

        if (Count(rule, "apiGroups") == 0)
        {
            errors.Required(path + ".apiGroups", "resource rules must supply at least one api group");
        }

        if (Count(rule, "resources") == 0)
        {
            errors.Required(path + ".resources", "resource rules must supply at least one resource");
        }
    }

    private static int Count(JsonObject? rule, string field) => rule.Array(field)?.Count ?? 0;

    private static List<string> Strings(JsonObject? rule, string field) =>
        [.. (rule.Array(field) ?? []).Select(n => n?.ToString() ?? string.Empty)];
}
