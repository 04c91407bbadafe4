using PgHa.Testing.Api;
using PgHa.Testing.Go;

namespace PgHa.Testing.Authorization;

/// <summary>
/// kube-apiserver's 403 for a denied request (responsewriters.Forbidden with errors.NewForbidden): e.g.
/// <c>endpoints "x" is forbidden: User "u" cannot update resource "endpoints" in API group "" in the namespace "default"</c>,
/// details naming the object, the API group and the resource (as <c>kind</c>).
/// </summary>
internal static class ForbiddenError
{
    public static ApiException Create(RequestAttributes request, string reason)
    {
        var message = Sanitize(Message(request));
        var why = reason.Length == 0 ? message : message + ": " + reason;
        if (!request.IsResourceRequest)
        {
            return new ApiException(403, "Forbidden", "forbidden: " + why);
        }

        var groupResource = request.Group.Length == 0 ? request.Resource : request.Resource + "." + request.Group;
        var text = request.Name.Length == 0
            ? $"{groupResource} is forbidden: {why}"
            : $"{groupResource} {GoStrings.Quote(request.Name)} is forbidden: {why}";
        return new ApiException(403, "Forbidden", text, request.Name.Length == 0 ? null : request.Name, request.Group, request.Resource);
    }

    /// <summary>kube's <c>forbiddenMessage</c>: the namespace, the cluster scope, or the path of a non-resource request.</summary>
    public static string Message(RequestAttributes request)
    {
        var user = GoStrings.Quote(request.Principal.User);
        if (!request.IsResourceRequest)
        {
            return $"User {user} cannot {request.Verb} path {GoStrings.Quote(request.Path)}";
        }

        var resource = GoStrings.Quote(request.CombinedResource);
        var group = GoStrings.Quote(request.Group);
        return request.Namespace.Length > 0
            ? $"User {user} cannot {request.Verb} resource {resource} in API group {group} in the namespace {GoStrings.Quote(request.Namespace)}"
            : $"User {user} cannot {request.Verb} resource {resource} in API group {group} at the cluster scope";
    }

    // The response writers' sanitizer (the message may carry a path or name a client chose).
    private static string Sanitize(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
