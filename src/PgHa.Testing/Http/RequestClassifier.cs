using Microsoft.AspNetCore.Http;

namespace PgHa.Testing.Http;

/// <summary>Names a request's verb the way kube's RequestInfoFactory does (get/list/watch/create/update/patch/delete/deletecollection).</summary>
internal static class RequestClassifier
{
    public static RequestCall Classify(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        if (path is "/healthz" or "/livez" or "/readyz" || path.StartsWith("/healthz/", StringComparison.Ordinal) ||
            path.StartsWith("/livez/", StringComparison.Ordinal) || path.StartsWith("/readyz/", StringComparison.Ordinal))
        {
            return new RequestCall("healthz", null, path, IsHealthCheck: true);
        }

        if (path.StartsWith("/openapi/", StringComparison.Ordinal))
        {
            return new RequestCall("openapi", null, path);
        }

        var parsed = ApiRequestParser.Parse(path);
        if (parsed is null)
        {
            var discovery = path is "/version" or "/api" or "/apis" or "/version/" or "/api/" or "/apis/" ||
                path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/apis/", StringComparison.Ordinal);
            return new RequestCall(discovery ? "discovery" : "other", null, path);
        }

        var watch = parsed.LegacyWatchPath || IsTrue(request.Query["watch"].ToString());
        var verb = request.Method switch
        {
            "GET" or "HEAD" => watch ? "watch" : parsed.Name is null ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => parsed.Name is null ? "deletecollection" : "delete",
            _ => request.Method.ToLowerInvariant(),
        };
        return new RequestCall(verb, parsed, path);
    }

    // Go's strconv.ParseBool true values; anything else is not a watch (a bad value is rejected later).
    private static bool IsTrue(string value) => value is "1" or "t" or "T" or "TRUE" or "true" or "True";
}
