using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PgHa.Testing.Api;
using PgHa.Testing.Json;
using PgHa.Testing.Resources;
using PgHa.Testing.Storage;

namespace PgHa.Testing.Http;

/// <summary>Watch streams: chunked, one JSON event per line, flushed per batch.</summary>
internal sealed partial class ResourceEndpoints
{
    private static readonly byte[] Newline = "\n"u8.ToArray();

    public required Faults.FaultInjector Faults { get; init; }

    /// <summary>Streams a watch until its timeout, the client leaving, or the server closing it; <paramref name="opened"/> gets the status it opened with.</summary>
    public async Task WatchAsync(HttpContext context, ApiRequest request, string client, Action<int> opened)
    {
        var type = Resolve(request);
        if (request.Subresource is not null)
        {
            throw ApiException.MethodNotAllowed();
        }

        var query = context.Request.Query;
        var format = MediaTypes.Negotiate(context.Request.Headers.Accept.ToString()) ?? throw ApiException.NotAcceptable();
        var options = QueryParameters.Watch(query);
        var filter = Filters.Build(type, request.Namespace, QueryParameters.String(query, "labelSelector"),
            request.Name is null ? QueryParameters.String(query, "fieldSelector") : "metadata.name=" + request.Name);

        long? from = null;
        var sendInitial = options.SendInitialEvents;
        if (sendInitial == true)
        {
            if (options.ResourceVersionMatch != "NotOlderThan" || !options.AllowBookmarks)
            {
                throw ApiException.Invalid(type, string.Empty, [new Validation.FieldError(Validation.FieldErrorType.Forbidden, "sendInitialEvents", null,
                    "sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan and allowWatchBookmarks is true")]);
            }
        }
        else if (!string.IsNullOrEmpty(options.ResourceVersion) && options.ResourceVersion != "0")
        {
            from = QueryParameters.ParseResourceVersion(options.ResourceVersion);
            if (from > _api.Store.ResourceVersion)
            {
                throw ApiException.TooLargeResourceVersion(from.Value, _api.Store.ResourceVersion);
            }
        }

        using var subscription = _api.Store.Watch(type, filter, from, sendInitial == true, client, out var oldest);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = MediaTypes.Json;
        response.Headers.CacheControl = "no-cache, private";
        if (_deprecateEndpoints && type == BuiltInResources.Endpoints)
        {
            response.Headers.Append("Warning", ApiHandler.WarningHeader(EndpointsDeprecation));
        }

        await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        opened(200);

        if (subscription is null)
        {
            // kube answers a resume from a compacted resourceVersion with an ERROR event inside a 200 stream.
            var expired = ApiException.Expired($"too old resource version: {from} ({oldest + 1})").ToStatus();
            await WriteEventAsync(response, "ERROR", expired.ToUtf8(), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var timeout = options.Timeout ?? RandomTimeout();
        using var expiry = new CancellationTokenSource(timeout, _options.TimeProvider);
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, expiry.Token);
        var bookmarks = options.AllowBookmarks ? BookmarkLoopAsync(subscription, lifetime.Token) : Task.CompletedTask;
        try
        {
            await PumpAsync(context, type, subscription, format, client, lifetime.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            // Timeout or client gone: the stream simply ends, as kube's does.
        }
        finally
        {
            await lifetime.CancelAsync().ConfigureAwait(false);
            await bookmarks.ConfigureAwait(false);
        }
    }

    private async Task PumpAsync(HttpContext context, ResourceType type, WatchSubscription subscription, MediaTypes.Representation format, string client, CancellationToken cancellationToken)
    {
        var reader = subscription.Events;
        var output = context.Response.BodyWriter;
        var firstTable = true;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Faults.TryGetPartition(client, out var mode, out var healed))
            {
                if (mode == global::PgHa.Testing.Faults.PartitionMode.Fail)
                {
                    context.Abort();
                    return;
                }

                await healed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            while (reader.TryRead(out var item))
            {
                if (format.Format == ResponseFormat.Json && item.Object is { } obj && item.Type != WatchEventType.Bookmark && obj.Type.Version == type.Version)
                {
                    output.Write(obj.WatchLine(item.Type));
                }
                else
                {
                    AppendEvent(output, type, item, format, context.Request.Query, ref firstTable);
                }

                if (item.Type == WatchEventType.Error)
                {
                    break;
                }
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void AppendEvent(IBufferWriter<byte> buffer, ResourceType type, WatchItem item, MediaTypes.Representation format, IQueryCollection query, ref bool firstTable)
    {
        var name = item.Type switch
        {
            WatchEventType.Added => "ADDED",
            WatchEventType.Modified => "MODIFIED",
            WatchEventType.Deleted => "DELETED",
            WatchEventType.Bookmark => "BOOKMARK",
            _ => "ERROR",
        };
        byte[] payload;
        if (item.Type == WatchEventType.Error)
        {
            payload = item.Status!;
        }
        else if (item.Type == WatchEventType.Bookmark)
        {
            payload = Bookmark(type, item, format);
        }
        else
        {
            payload = format.Format switch
            {
                ResponseFormat.Table => Tables.RenderWatchEvent(type, item.Object!, query, format.MetaVersion, _options.TimeProvider.GetUtcNow(), firstTable).ToUtf8(),
                ResponseFormat.PartialObjectMetadata => ResponseBodies.PartialObjectMetadata(item.Object!).ToUtf8(),
                _ => ResponseBodies.Object(item.Object!, type),
            };
            firstTable = false;
        }

        using var writer = new Utf8JsonWriter(buffer, JsonTree.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("type", name);
        writer.WritePropertyName("object");
        writer.WriteRawValue(payload, skipInputValidation: true);
        writer.WriteEndObject();
        writer.Flush();
        buffer.Write(Newline);
    }

    private static byte[] Bookmark(ResourceType type, WatchItem item, MediaTypes.Representation format)
    {
        var metadata = new System.Text.Json.Nodes.JsonObject { ["resourceVersion"] = item.ResourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (item.InitialEventsEnd)
        {
            metadata["annotations"] = new System.Text.Json.Nodes.JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }

        var isMeta = format.Format != ResponseFormat.Json;
        return new System.Text.Json.Nodes.JsonObject
        {
            ["kind"] = isMeta ? "PartialObjectMetadata" : type.Kind,
            ["apiVersion"] = isMeta ? format.MetaVersion : type.ApiVersion,
            ["metadata"] = metadata,
        }.ToUtf8();
    }

    private async Task BookmarkLoopAsync(WatchSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(_options.BookmarkInterval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                _api.Store.Bookmark(subscription);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task WriteEventAsync(HttpResponse response, string type, byte[] payload, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(payload.Length + 64);
        using (var writer = new Utf8JsonWriter(buffer, JsonTree.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WritePropertyName("object");
            writer.WriteRawValue(payload, skipInputValidation: true);
            writer.WriteEndObject();
        }

        buffer.Write(Newline);
        await response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private TimeSpan RandomTimeout()
    {
        // kube spreads watch lifetimes over [min, 2 × min] so clients do not all re-list at once.
        var min = _options.MinRequestTimeout;
        return min + TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * min.Ticks));
    }
}
