namespace PgHa.Testing.Authorization;

/// <summary>
/// What the authorizer decides on (kube's <c>authorizer.Attributes</c>): for a resource request the verb, API group,
/// resource, subresource, namespace and name; otherwise the lower-case HTTP verb and the path.
/// </summary>
internal sealed record RequestAttributes(
    Principal Principal,
    string Verb,
    bool IsResourceRequest,
    string Group,
    string Resource,
    string Subresource,
    string Namespace,
    string Name,
    string Path)
{
    /// <summary><c>resource</c> or <c>resource/subresource</c>, as rules name it.</summary>
    public string CombinedResource => Subresource.Length == 0 ? Resource : Resource + "/" + Subresource;
}
