using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using PgHa.Testing.OpenApi;
using PgHa.Testing.Resources;

namespace PgHa.Testing.Tests.OpenApi;

/// <summary>
/// A throwaway loopback HTTP server with just enough of kube-apiserver for kubectl to find its way:
/// <c>/version</c>, legacy discovery and the OpenAPI documents. It records every request.
/// </summary>
internal sealed class OpenApiTestServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly IReadOnlyList<ResourceType> _resources;
    private readonly Task _loop;

    public OpenApiTestServer(IReadOnlyList<ResourceType> resources)
    {
        _resources = resources;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Requests served, as <c>path?query</c>, in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener's GetContextAsync faults when it is stopped; that ends the loop.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                Handle(context);
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath.TrimEnd('/');
        Requests.Enqueue(context.Request.Url.PathAndQuery);
        var v3 = OpenApiV3Documents.For(_resources);
        if (path == "/openapi/v3")
        {
            Write(context, v3.Root);
            return;
        }

        if (path.StartsWith("/openapi/v3/", StringComparison.Ordinal) && v3.TryGetGroupVersion(path["/openapi/v3/".Length..], out var document))
        {
            var hash = context.Request.QueryString["hash"];
            if (hash is not null && hash != document.Hash)
            {
                context.Response.StatusCode = 301;
                context.Response.RedirectLocation = OpenApiV3Documents.ServerRelativeUrl(path["/openapi/v3/".Length..], document);
                return;
            }

            Write(context, document);
            return;
        }

        if (path == "/openapi/v2")
        {
            Write(context, OpenApiV2Document.For(_resources));
            return;
        }

        var body = path switch
        {
            "/version" => new JsonObject
            {
                ["major"] = "1", ["minor"] = "32", ["gitVersion"] = "v1.32.4", ["gitCommit"] = "0000000000000000000000000000000000000000",
                ["gitTreeState"] = "clean", ["buildDate"] = "2025-04-22T00:00:00Z", ["goVersion"] = "go1.23.6", ["compiler"] = "gc", ["platform"] = "linux/amd64",
            },
            "/api" => new JsonObject
            {
                ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1"),
                ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = $"127.0.0.1:{Port}" }),
            },
            "/apis" => Groups(),
            _ => ResourceList(path),
        };

        if (body is null)
        {
            context.Response.StatusCode = 404;
            body = new JsonObject
            {
                ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Failure",
                ["message"] = "the server could not find the requested resource", ["reason"] = "NotFound", ["code"] = 404,
            };
        }

        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        context.Response.ContentType = "application/json";
        context.Response.OutputStream.Write(bytes);
    }

    private JsonObject Groups()
    {
        var groups = new JsonArray();
        foreach (var group in _resources.Where(r => r.Group.Length > 0).GroupBy(r => r.Group).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var version = new JsonObject { ["groupVersion"] = group.Key + "/" + group.First().Version, ["version"] = group.First().Version };
            groups.Add(new JsonObject
            {
                ["name"] = group.Key, ["versions"] = new JsonArray(version.DeepClone()), ["preferredVersion"] = version,
            });
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    private JsonObject? ResourceList(string path)
    {
        var members = _resources.Where(r => (r.Group.Length == 0 ? "/api/" + r.Version : "/apis/" + r.Group + "/" + r.Version) == path).ToList();
        if (members.Count == 0)
        {
            return null;
        }

        var list = new JsonArray();
        foreach (var r in members)
        {
            list.Add(new JsonObject
            {
                ["name"] = r.Plural, ["singularName"] = r.Singular, ["namespaced"] = r.Namespaced, ["kind"] = r.Kind,
                ["verbs"] = new JsonArray([.. r.Verbs.Select(v => (JsonNode)v)]), ["shortNames"] = new JsonArray([.. r.ShortNames.Select(v => (JsonNode)v)]),
            });
            if (r.HasStatusSubresource)
            {
                list.Add(new JsonObject
                {
                    ["name"] = r.Plural + "/status", ["singularName"] = "", ["namespaced"] = r.Namespaced, ["kind"] = r.Kind,
                    ["verbs"] = new JsonArray("get", "patch", "update"),
                });
            }
        }

        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = path.StartsWith("/api/", StringComparison.Ordinal) ? "v1" : path["/apis/".Length..], ["resources"] = list };
    }

    private static void Write(HttpListenerContext context, OpenApiDocument document)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers["ETag"] = document.ETag;
        context.Response.OutputStream.Write(document.Json);
    }
}
