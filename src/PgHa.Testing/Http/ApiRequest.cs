namespace PgHa.Testing.Http;

/// <summary>
/// A resource request decoded from its URL, as kube-apiserver's RequestInfoFactory decodes it:
/// <c>/api/v1/namespaces/{ns}/{resource}/{name}/{subresource}</c> and the <c>/apis/{group}/{version}</c> forms.
/// </summary>
internal sealed record ApiRequest(
    string Group,
    string Version,
    string Resource,
    string? Namespace,
    string? Name,
    string? Subresource,
    bool LegacyWatchPath)
{
    /// <summary><c>plural</c> or <c>plural.group</c>.</summary>
    public string GroupResource => Group.Length == 0 ? Resource : Resource + "." + Group;
}
