using Microsoft.AspNetCore.Http;
using PgHa.Testing.OpenApi;
using PgHa.Testing.Resources;

namespace PgHa.Testing.Http;

/// <summary>
/// <c>/openapi/v2</c>, <c>/openapi/v3</c> and <c>/openapi/v3/{group-version}</c>, with kube-openapi's caching
/// rules: an <c>ETag</c> per document, <c>immutable</c> when the requested <c>hash</c> is current, and a 301 to
/// the current URL when it is not.
/// </summary>
internal sealed class OpenApiEndpoints
{
    private readonly ResourceRegistry _registry;

    public OpenApiEndpoints(ResourceRegistry registry) => _registry = registry;

    public ApiResponse? Handle(HttpContext context, string path)
    {
        var resources = _registry.All;
        if (path == "/openapi/v2")
        {
            return Serve(context, OpenApiV2Document.For(resources), null);
        }

        var documents = OpenApiV3Documents.For(resources);
        if (path == "/openapi/v3")
        {
            return Serve(context, documents.Root, null);
        }

        const string Prefix = "/openapi/v3/";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal) || !documents.TryGetGroupVersion(path[Prefix.Length..], out var document))
        {
            return null;
        }

        var requested = context.Request.Query["hash"].ToString();
        if (requested.Length > 0 && !string.Equals(requested, document.Hash, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.Location = OpenApiV3Documents.ServerRelativeUrl(path[Prefix.Length..], document);
            return new ApiResponse(301, [], []);
        }

        return Serve(context, document, requested.Length > 0 ? "public, immutable" : null);
    }

    private static ApiResponse Serve(HttpContext context, OpenApiDocument document, string? cacheControl)
    {
        context.Response.Headers.ETag = document.ETag;
        context.Response.Headers.CacheControl = cacheControl ?? "no-cache, private";
        if (context.Request.Headers.IfNoneMatch.ToString() == document.ETag)
        {
            return new ApiResponse(304, [], []);
        }

        return new ApiResponse(200, document.Json, []);
    }
}
