using PgHa.Testing.Schema;

namespace PgHa.Testing.Resources;

/// <summary>
/// A resource the server serves: where it lives in the URL space, what its objects are called, and the
/// schema its objects follow. Built-in types come from <c>BuiltInResources</c>; custom resources
/// are derived from their CustomResourceDefinition.
/// </summary>
internal sealed record ResourceType
{
    /// <summary>API group; empty for the core group.</summary>
    public required string Group { get; init; }

    public required string Version { get; init; }

    /// <summary>Plural, lower-case resource name used in URLs (<c>endpointslices</c>).</summary>
    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required string Kind { get; init; }

    public string ListKind => Kind + "List";

    public required bool Namespaced { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>True when the resource has a <c>status</c> subresource: writes to the main resource keep the stored status, writes to <c>/status</c> change only the status.</summary>
    public bool HasStatusSubresource { get; init; }

    /// <summary>True for resources that count <c>metadata.generation</c> on every change outside metadata and status.</summary>
    public bool TracksGeneration { get; init; }

    /// <summary>True for resources defined by a CustomResourceDefinition.</summary>
    public bool IsCustom => DefinedBy is not null;

    /// <summary>Name of the CustomResourceDefinition that defines this resource; null for built-ins.</summary>
    public string? DefinedBy { get; init; }

    /// <summary>Field paths usable in a <c>fieldSelector</c> besides <c>metadata.name</c> and <c>metadata.namespace</c>.</summary>
    public IReadOnlyList<string> SelectableFields { get; init; } = [];

    /// <summary>The object schema (the kind's top-level node), or null when the server knows none.</summary>
    public SchemaNode? Schema { get; init; }

    /// <summary>The verbs served, in the order kube-apiserver lists them in discovery.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = DefaultVerbs;

    /// <summary>Columns for server-side table output (<c>kubectl get</c>); empty means NAME and AGE only.</summary>
    public IReadOnlyList<PrinterColumn> PrinterColumns { get; init; } = [];

    public static IReadOnlyList<string> DefaultVerbs { get; } =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary><c>v1</c> or <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary><c>plural</c> or <c>plural.group</c>, as in error messages and RBAC.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : Plural + "." + Group;

    public GroupVersionKind GroupVersionKind => new(Group, Version, Kind);
}
