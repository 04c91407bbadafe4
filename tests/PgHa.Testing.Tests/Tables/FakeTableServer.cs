using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PgHa.Testing.Resources;
using PgHa.Testing.Tables;

namespace PgHa.Testing.Tests.Tables;

/// <summary>
/// A throwaway Kestrel app that answers only what kubectl get needs: legacy discovery, and lists, gets and watches of a
/// few resources, rendered with <see cref="TableConverter"/> when kubectl asks for a Table. Everything else is a 404.
/// </summary>
internal sealed class FakeTableServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, (ResourceType Type, List<JsonObject> Objects)> _collections = new(StringComparer.Ordinal);

    private FakeTableServer(WebApplication app) => _app = app;

    /// <summary>Every request seen: method, path and query, Accept header.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public Uri Url { get; private set; } = null!;

    /// <summary>The watch events each watch request streams before closing (kubectl then exits).</summary>
    public List<(string Type, JsonObject Object)> WatchEvents { get; } = [];

    public static async Task<FakeTableServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var server = new FakeTableServer(builder.Build());
        server._app.Run(server.HandleAsync);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address);
        return server;
    }

    /// <summary>Serves <paramref name="objects"/> at <paramref name="collectionPath"/> (e.g. /api/v1/namespaces/default/services).</summary>
    public void Serve(string collectionPath, ResourceType type, params string[] objects) =>
        _collections[collectionPath] = (type, objects.Select(TableFixtures.Parse).ToList());

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        Requests.Enqueue($"{request.Method} {path}{request.QueryString} Accept: {request.Headers.Accept}");

        if (Discovery(path) is { } document)
        {
            await WriteAsync(context, 200, document);
            return;
        }

        if (_collections.TryGetValue(path, out var collection))
        {
            await ServeCollectionAsync(context, collection.Type, collection.Objects);
            return;
        }

        var slash = path.LastIndexOf('/');
        if (slash > 0 && _collections.TryGetValue(path[..slash], out var parent) &&
            parent.Objects.FirstOrDefault(o => o["metadata"]!["name"]!.GetValue<string>() == path[(slash + 1)..]) is { } single)
        {
            await WriteAsync(context, 200, WantsTable(request, out var options)
                ? TableConverter.ToTable(parent.Type, single, options, TableFixtures.Now)
                : single);
            return;
        }

        await WriteAsync(context, 404, new JsonObject
        {
            ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Failure",
            ["message"] = "the server could not find the requested resource", ["reason"] = "NotFound", ["code"] = 404,
        });
    }

    private async Task ServeCollectionAsync(HttpContext context, ResourceType type, List<JsonObject> objects)
    {
        var request = context.Request;
        var table = WantsTable(request, out var options);
        if (request.Query["watch"] is ["true" or "1"])
        {
            context.Response.ContentType = "application/json";
            for (var i = 0; i < WatchEvents.Count; i++)
            {
                var (eventType, obj) = WatchEvents[i];
                var payload = table ? TableConverter.ToWatchEventTable(type, obj, options, TableFixtures.Now, isFirstEvent: i == 0) : obj;
                await context.Response.WriteAsync(new JsonObject { ["type"] = eventType, ["object"] = payload }.ToJsonString() + "\n");
                await context.Response.Body.FlushAsync();
            }

            return;
        }

        await WriteAsync(context, 200, table
            ? TableConverter.ToTable(type, objects, options, TableFixtures.Now, "5000", null)
            : new JsonObject
            {
                ["kind"] = type.ListKind, ["apiVersion"] = type.ApiVersion, ["metadata"] = new JsonObject { ["resourceVersion"] = "5000" },
                ["items"] = new JsonArray(objects.Select(o => (JsonNode)o.DeepClone()).ToArray()),
            });
    }

    private static bool WantsTable(HttpRequest request, out TableOptions options)
    {
        options = TableOptions.Default;
        var accept = request.Headers.Accept.ToString();

        // kubectl lists the v1 Table first, so that is the one served (kube's negotiation would pick it too).
        if (!accept.Contains("as=Table;v=v1;g=meta.k8s.io", StringComparison.Ordinal))
        {
            return false;
        }

        if (!TableOptions.TryParseIncludeObject(request.Query["includeObject"].FirstOrDefault(), out var include, out var error))
        {
            throw new InvalidOperationException(error);
        }

        options = options with { IncludeObject = include };
        return true;
    }

    private JsonObject? Discovery(string path) => path switch
    {
        "/api" => new JsonObject
        {
            ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1"),
            ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = Url.Authority }),
        },
        "/apis" => new JsonObject
        {
            ["kind"] = "APIGroupList", ["apiVersion"] = "v1",
            ["groups"] = new JsonArray(Group("acid.zalan.do"), Group("apiextensions.k8s.io")),
        },
        "/api/v1" => ResourceList("v1", TableFixtures.Services, TableFixtures.Endpoints),
        "/apis/acid.zalan.do/v1" => ResourceList("acid.zalan.do/v1", TableFixtures.Postgresqls),
        "/apis/apiextensions.k8s.io/v1" => ResourceList("apiextensions.k8s.io/v1", TableFixtures.Crds),
        _ => null,
    };

    private static JsonObject Group(string name) => new()
    {
        ["name"] = name,
        ["versions"] = new JsonArray(new JsonObject { ["groupVersion"] = name + "/v1", ["version"] = "v1" }),
        ["preferredVersion"] = new JsonObject { ["groupVersion"] = name + "/v1", ["version"] = "v1" },
    };

    private static JsonObject ResourceList(string groupVersion, params ResourceType[] types) => new()
    {
        ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = groupVersion,
        ["resources"] = new JsonArray(types.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Plural, ["singularName"] = t.Singular, ["namespaced"] = t.Namespaced, ["kind"] = t.Kind,
            ["verbs"] = new JsonArray(t.Verbs.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()),
            ["shortNames"] = new JsonArray(t.ShortNames.Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()),
        }).ToArray()),
    };

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}
