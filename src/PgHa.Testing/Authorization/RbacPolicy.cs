using System.Text.Json.Nodes;
using PgHa.Testing.Json;
using PgHa.Testing.Resources;
using PgHa.Testing.Storage;

namespace PgHa.Testing.Authorization;

/// <summary>
/// The stored RBAC objects, parsed once per change of any of them: rules by Role and ClusterRole, bindings by
/// namespace. Immutable, so requests read it without a lock.
/// </summary>
internal sealed class RbacPolicy
{
    private readonly Dictionary<(string Namespace, string Name), PolicyRule[]> _roles;
    private readonly Dictionary<string, PolicyRule[]> _clusterRoles;
    private readonly Binding[] _clusterRoleBindings;
    private readonly Dictionary<string, Binding[]> _roleBindings;

    private RbacPolicy(
        Dictionary<(string, string), PolicyRule[]> roles,
        Dictionary<string, PolicyRule[]> clusterRoles,
        Binding[] clusterRoleBindings,
        Dictionary<string, Binding[]> roleBindings)
    {
        _roles = roles;
        _clusterRoles = clusterRoles;
        _clusterRoleBindings = clusterRoleBindings;
        _roleBindings = roleBindings;
    }

    public static RbacPolicy Load(ObjectStore store)
    {
        var roles = store.List(BuiltInResources.Roles, ObjectFilter.All).Items
            .ToDictionary(o => (o.Namespace ?? string.Empty, o.Name), o => Rules(o.Object));
        var clusterRoles = store.List(BuiltInResources.ClusterRoles, ObjectFilter.All).Items
            .ToDictionary(o => o.Name, o => Rules(o.Object), StringComparer.Ordinal);
        var clusterRoleBindings = store.List(BuiltInResources.ClusterRoleBindings, ObjectFilter.All).Items.Select(o => Binding.From(o, null)).ToArray();
        var roleBindings = store.List(BuiltInResources.RoleBindings, ObjectFilter.All).Items
            .GroupBy(o => o.Namespace ?? string.Empty, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(o => Binding.From(o, g.Key)).ToArray(), StringComparer.Ordinal);
        return new RbacPolicy(roles, clusterRoles, clusterRoleBindings, roleBindings);
    }

    /// <summary>
    /// kube's <c>RBACAuthorizer.Authorize</c>: the ClusterRoleBindings, then the RoleBindings of the request's namespace,
    /// each applying to the user by a subject, each rule of its role checked until one allows. A missing role is an
    /// error only reported (as the reason of a denial), never a failure.
    /// </summary>
    public (bool Allowed, string Reason) Authorize(RequestAttributes request)
    {
        var errors = new List<string>();
        foreach (var binding in _clusterRoleBindings)
        {
            if (Allows(binding, request, errors))
            {
                return (true, string.Empty);
            }
        }

        if (request.Namespace.Length > 0 && _roleBindings.TryGetValue(request.Namespace, out var bindings))
        {
            foreach (var binding in bindings)
            {
                if (Allows(binding, request, errors))
                {
                    return (true, string.Empty);
                }
            }
        }

        // utilerrors.NewAggregate: one error is its message, several are "[a, b]".
        var reason = errors.Count switch
        {
            0 => string.Empty,
            1 => "RBAC: " + errors[0],
            _ => "RBAC: [" + string.Join(", ", errors) + "]",
        };
        return (false, reason);
    }

    private bool Allows(Binding binding, RequestAttributes request, List<string> errors)
    {
        if (!binding.AppliesTo(request.Principal))
        {
            return false;
        }

        PolicyRule[]? rules;
        if (binding.RoleKind == "Role")
        {
            if (!_roles.TryGetValue((binding.Namespace ?? string.Empty, binding.RoleName), out rules))
            {
                errors.Add($"role.{BuiltInResources.RbacGroup} {Go.GoStrings.Quote(binding.RoleName)} not found");
                return false;
            }
        }
        else if (!_clusterRoles.TryGetValue(binding.RoleName, out rules))
        {
            errors.Add($"clusterrole.{BuiltInResources.RbacGroup} {Go.GoStrings.Quote(binding.RoleName)} not found");
            return false;
        }

        return rules.Any(r => r.Allows(request));
    }

    private static PolicyRule[] Rules(JsonObject role) =>
        [.. (role.Array("rules") ?? []).OfType<JsonObject>().Select(PolicyRule.From)];

    private static string[] Strings(JsonObject obj, string field) =>
        [.. (obj.Array(field) ?? []).Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty)];

    /// <summary>One rule of a Role or ClusterRole.</summary>
    internal sealed record PolicyRule(string[] Verbs, string[] ApiGroups, string[] Resources, string[] ResourceNames, string[] NonResourceUrls)
    {
        public static PolicyRule From(JsonObject rule) => new(
            Strings(rule, "verbs"), Strings(rule, "apiGroups"), Strings(rule, "resources"), Strings(rule, "resourceNames"), Strings(rule, "nonResourceURLs"));

        /// <summary>kube's <c>RuleAllows</c>.</summary>
        public bool Allows(RequestAttributes request)
        {
            if (!Matches(Verbs, request.Verb))
            {
                return false;
            }

            if (!request.IsResourceRequest)
            {
                return NonResourceUrls.Any(u => u == "*" || u == request.Path ||
                    (u.EndsWith('*') && request.Path.StartsWith(u[..^1], StringComparison.Ordinal)));
            }

            return Matches(ApiGroups, request.Group) && ResourceMatches(request) &&
                (ResourceNames.Length == 0 || ResourceNames.Contains(request.Name, StringComparer.Ordinal));
        }

        private static bool Matches(string[] values, string value) =>
            values.Any(v => v == "*" || string.Equals(v, value, StringComparison.Ordinal));

        // "*" is every resource and subresource; "*/status" is the status subresource of every resource.
        private bool ResourceMatches(RequestAttributes request)
        {
            var combined = request.CombinedResource;
            foreach (var resource in Resources)
            {
                if (resource == "*" || resource == combined)
                {
                    return true;
                }

                if (request.Subresource.Length > 0 && resource.Length == request.Subresource.Length + 2 &&
                    resource.StartsWith("*/", StringComparison.Ordinal) && resource.EndsWith(request.Subresource, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>A RoleBinding (with its namespace) or a ClusterRoleBinding (namespace null).</summary>
    internal sealed record Binding(string? Namespace, string RoleKind, string RoleName, Subject[] Subjects)
    {
        public static Binding From(StoredObject obj, string? @namespace)
        {
            var roleRef = obj.Object.Object("roleRef");
            var subjects = (obj.Object.Array("subjects") ?? []).OfType<JsonObject>()
                .Select(s => new Subject(s.String("kind") ?? string.Empty, s.String("name") ?? string.Empty, s.String("namespace") ?? string.Empty))
                .ToArray();
            return new Binding(@namespace, roleRef.String("kind") ?? string.Empty, roleRef.String("name") ?? string.Empty, subjects);
        }

        /// <summary>kube's <c>appliesToUser</c>; a ServiceAccount subject of a RoleBinding without a namespace means the binding's.</summary>
        public bool AppliesTo(Principal principal) => Subjects.Any(s => s.Kind switch
        {
            "User" => s.Name == principal.User,
            "Group" => principal.InGroup(s.Name),
            "ServiceAccount" => (s.Namespace.Length > 0 ? s.Namespace : Namespace ?? string.Empty) is { Length: > 0 } ns &&
                principal.User == Principal.ServiceAccountUser(ns, s.Name),
            _ => false,
        });
    }

    /// <summary>A binding's subject.</summary>
    internal sealed record Subject(string Kind, string Name, string Namespace);
}
