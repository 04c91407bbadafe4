using System.Text.Json.Nodes;
using PgHa.Testing.Json;
using PgHa.Testing.Resources;
using PgHa.Testing.Storage;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Api.Strategies;

/// <summary>
/// RoleBindings and ClusterRoleBindings, after kube's <c>ValidateRoleBinding</c>: the roleRef names a Role (only in a
/// RoleBinding) or a ClusterRole of rbac.authorization.k8s.io and never changes; subjects are ServiceAccounts (API
/// group "", with a namespace in a ClusterRoleBinding), Users or Groups (API group rbac.authorization.k8s.io).
/// </summary>
internal sealed class RbacBindingStrategy(bool clusterScoped) : ResourceStrategy
{
    public override NameRule NameRule => NameRule.PathSegment;

    public override bool AllowCreateOnUpdate => true;

    public override void Validate(JsonObject obj, StoredObject? old, FieldErrors errors, StrategyContext context)
    {
        var roleRef = obj.Object("roleRef");
        if (roleRef.String("apiGroup") is { } group && group != BuiltInResources.RbacGroup)
        {
            errors.NotSupported("roleRef.apiGroup", group, [BuiltInResources.RbacGroup]);
        }

        var kinds = clusterScoped ? new[] { "ClusterRole" } : ["Role", "ClusterRole"];
        if (roleRef.String("kind") is { } kind && !kinds.Contains(kind))
        {
            errors.NotSupported("roleRef.kind", kind, kinds);
        }

        if (roleRef.String("name") is { } name && NameValidation.IsValidPathSegmentName(name) is { Count: > 0 } nameErrors)
        {
            errors.InvalidEach("roleRef.name", name, nameErrors);
        }

        var subjects = obj.Array("subjects") ?? [];
        for (var i = 0; i < subjects.Count; i++)
        {
            ValidateSubject(subjects[i] as JsonObject, $"subjects[{i}]", errors);
        }

        if (old is not null && !JsonTree.DeepEquals(old.Object["roleRef"], obj["roleRef"]))
        {
            errors.Invalid("roleRef", obj["roleRef"]?.ToJsonString(), "cannot change roleRef");
        }
    }

    private void ValidateSubject(JsonObject? subject, string path, FieldErrors errors)
    {
        var name = subject.String("name");
        if (string.IsNullOrEmpty(name))
        {
            errors.Required(path + ".name");
        }

        var group = subject.String("apiGroup") ?? string.Empty;
        switch (subject.String("kind"))
        {
            case "ServiceAccount":
                if (group.Length > 0)
                {
                    errors.NotSupported(path + ".apiGroup", group, [string.Empty]);
                }

                if (!string.IsNullOrEmpty(name) && NameValidation.IsValidPathSegmentName(name) is { Count: > 0 } nameErrors)
                {
                    errors.InvalidEach(path + ".name", name, nameErrors);
                }

                if (clusterScoped && string.IsNullOrEmpty(subject.String("namespace")))
                {
                    errors.Required(path + ".namespace");
                }

                break;
            case "User" or "Group":
                if (group != BuiltInResources.RbacGroup)
                {
                    errors.NotSupported(path + ".apiGroup", group, [BuiltInResources.RbacGroup]);
                }

                break;
            case var kind:
                errors.NotSupported(path + ".kind", kind ?? string.Empty, ["ServiceAccount", "User", "Group"]);
                break;
        }
    }
}
