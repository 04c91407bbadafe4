using System.Text;
using Microsoft.AspNetCore.Http;
using PgHa.Testing.Api;

namespace PgHa.Testing.Http;

/// <summary>Health checks, <c>/version</c>, discovery and the OpenAPI documents.</summary>
internal sealed class NonResourceEndpoints
{
    private static readonly byte[] Ok = Encoding.ASCII.GetBytes("ok");
    private readonly DiscoveryDocuments _discovery;
    private readonly OpenApiEndpoints _openApi;
    private readonly Func<string> _serverAddress;

    public NonResourceEndpoints(DiscoveryDocuments discovery, OpenApiEndpoints openApi, Func<string> serverAddress)
    {
        _discovery = discovery;
        _openApi = openApi;
        _serverAddress = serverAddress;
    }

    public ApiResponse Handle(HttpContext context, RequestCall call)
    {
        if (context.Request.Method is not ("GET" or "HEAD"))
        {
            throw ApiException.MethodNotAllowed();
        }

        var path = call.Path.TrimEnd('/');
        if (call.IsHealthCheck)
        {
            return new ApiResponse(200, Ok, [], "text/plain; charset=utf-8");
        }

        if (call.Verb == "openapi")
        {
            return _openApi.Handle(context, path) ?? throw ApiException.UnknownResource();
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var body = parts switch
        {
            ["version"] => _discovery.Version(),
            ["api"] => DiscoveryDocuments.CoreVersions(_serverAddress()),
            ["api", var version] => _discovery.Resources(string.Empty, version),
            ["apis"] => _discovery.Groups(),
            ["apis", var group] => _discovery.Group(group),
            ["apis", var group, var version] => _discovery.Resources(group, version),
            _ => null,
        };
        return body is null ? throw ApiException.UnknownResource() : new ApiResponse(200, body, []);
    }
}
