using PgHa.Testing.Diagnostics;

namespace PgHa.Rbac.Tests.Support;

/// <summary>One verb of one rule of a shipped Role, and the manifest without it (the rule goes when it was its last verb).</summary>
internal sealed record RuleVariant(string Component, int RuleIndex, string Verb, IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources, string User)
{
    public const string Cluster = Manifests.TemplateCluster;

    public override string ToString() =>
        $"{Component} rule {RuleIndex} ({string.Join(",", Resources)} in \"{string.Join(",", ApiGroups)}\") without {Verb}";

    /// <summary>Every verb of every rule of the operator's and the agent's Role.</summary>
    public static IReadOnlyList<RuleVariant> All()
    {
        var variants = new List<RuleVariant>();
        foreach (var (component, manifest, user) in new[]
        {
            ("operator", Manifests.Operator(), $"system:serviceaccount:{RbacEnvironment.Namespace}:{Manifests.OperatorAccount}"),
            ("agent", Manifests.Agent(Cluster), $"system:serviceaccount:{RbacEnvironment.Namespace}:{Manifests.AgentAccount(Cluster)}"),
        })
        {
            var rules = Manifests.Role(manifest).Rules;
            for (var i = 0; i < rules.Count; i++)
            {
                variants.AddRange(rules[i].Verbs.Select(verb => new RuleVariant(component, i, verb, [.. rules[i].ApiGroups], [.. rules[i].Resources], user)));
            }
        }

        return variants;
    }

    /// <summary>The component's manifest without this verb; null for the other component (it gets the shipped one).</summary>
    public IList<object>? Manifest(string component)
    {
        if (component != Component)
        {
            return null;
        }

        var manifest = Component == "operator" ? Manifests.Operator() : Manifests.Agent(Cluster);
        var role = Manifests.Role(manifest);
        var rule = role.Rules[RuleIndex];
        rule.Verbs = [.. rule.Verbs.Where(v => v != Verb)];
        if (rule.Verbs.Count == 0)
        {
            role.Rules.RemoveAt(RuleIndex);
        }

        return manifest;
    }

    /// <summary>True for a request of this component refused for this rule's verb and resource.</summary>
    public bool Refused(RequestRecord record) =>
        record.StatusCode == 403 && record.User == User && record.Verb == Verb && Resources.Any(r => Covers(r, record));

    private bool Covers(string ruleResource, RequestRecord record)
    {
        var parts = ruleResource.Split('/', 2);
        var subresource = parts.Length == 2 ? parts[1] : null;
        return ApiGroups.Any(g => record.Resource == (g.Length == 0 ? parts[0] : parts[0] + "." + g)) && record.Subresource == subresource;
    }
}
