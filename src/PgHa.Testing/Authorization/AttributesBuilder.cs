using Microsoft.AspNetCore.Http;
using PgHa.Testing.Http;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Authorization;

/// <summary>Builds a request's <see cref="RequestAttributes"/> as kube's RequestInfoFactory does.</summary>
internal static class AttributesBuilder
{
    public static RequestAttributes Build(Principal principal, HttpRequest http, RequestCall call)
    {
        var path = http.Path.Value ?? "/";
        if (call.Request is not { } request)
        {
            return new RequestAttributes(principal, http.Method.ToLowerInvariant(), false, "", "", "", "", "", path);
        }

        var name = request.Name ?? string.Empty;
        var ns = request.Namespace ?? string.Empty;

        // GET /api/v1/namespaces/foo is in the namespace foo (a RoleBinding there may grant reading it).
        if (request.Group.Length == 0 && request.Resource == "namespaces" && name.Length > 0)
        {
            ns = name;
        }

        // A list or watch that selects one name by field selector is authorized as a request for that name.
        if (name.Length == 0 && call.Verb is "list" or "watch" && ExactName(http.Query["fieldSelector"].ToString()) is { } selected)
        {
            name = selected;
        }

        return new RequestAttributes(principal, call.Verb, true, request.Group, request.Resource, request.Subresource ?? string.Empty, ns, name, path);
    }

    // fields.Selector.RequiresExactMatch("metadata.name"), for a valid path segment name.
    private static string? ExactName(string selector)
    {
        foreach (var term in selector.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (term.Contains("!=", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = term.Split(["==", "="], 2, StringSplitOptions.None);
            if (parts.Length == 2 && parts[0].Trim() == "metadata.name")
            {
                var value = parts[1].Trim();
                return NameValidation.IsValidPathSegmentName(value).Count == 0 && value.Length > 0 ? value : null;
            }
        }

        return null;
    }
}
