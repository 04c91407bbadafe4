using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PgHa.Testing.Api;
using PgHa.Testing.Authorization;
using PgHa.Testing.Diagnostics;
using PgHa.Testing.Faults;
using PgHa.Testing.Json;

namespace PgHa.Testing.Http;

/// <summary>
/// The server's one request delegate: authentication, fault injection, the request log, and dispatch to
/// discovery, OpenAPI or the resource endpoints. Every failure leaves as a kube <c>Status</c>; nothing a
/// client sends can crash the server.
/// </summary>
internal sealed partial class ApiHandler
{
    private readonly ResourceEndpoints _resources;
    private readonly NonResourceEndpoints _nonResource;
    private readonly FaultInjector _faults;
    private readonly RequestLog _requestLog;
    private readonly IReadOnlyDictionary<string, Principal> _tokens;
    private readonly TimeProvider _time;
    private readonly bool _requireAuthentication;
    private readonly RbacAuthorizer? _authorizer;
    private readonly ILogger _logger;

    public ApiHandler(ResourceEndpoints resources, NonResourceEndpoints nonResource, FaultInjector faults, RequestLog requestLog,
        IReadOnlyDictionary<string, Principal> tokens, TimeProvider time, bool requireAuthentication, RbacAuthorizer? authorizer, ILogger logger)
    {
        _resources = resources;
        _nonResource = nonResource;
        _faults = faults;
        _requestLog = requestLog;
        _tokens = tokens;
        _time = time;
        _requireAuthentication = requireAuthentication || authorizer is not null;
        _authorizer = authorizer;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var started = _time.GetTimestamp();
        var arrival = _time.GetUtcNow();
        var identity = ClientIdentity.Resolve(context.Request, _tokens);
        var call = RequestClassifier.Classify(context.Request);
        var injected = false;
        var status = 0;
        var logged = false;
        if (call.Verb != "watch")
        {
            // Logged as the answer starts, before the client can read it: a client that has its answer finds its
            // request in the log (the finally below covers requests that end without an answer).
            context.Response.OnStarting(() =>
            {
                if (!logged)
                {
                    logged = true;
                    _requestLog.Add(Record(arrival, identity, call, context.Response.StatusCode, _time.GetElapsedTime(started), injected));
                }

                return Task.CompletedTask;
            });
        }

        try
        {
            if (_requireAuthentication && !identity.Authenticated && !call.IsHealthCheck)
            {
                status = await WriteErrorAsync(context, ApiException.Unauthorized()).ConfigureAwait(false);
                return;
            }

            if (_faults.TryGetPartition(identity.Name, out var mode, out var healed))
            {
                injected = true;
                if (mode == PartitionMode.Fail)
                {
                    context.Abort();
                    return;
                }

                await healed.WaitAsync(context.RequestAborted).ConfigureAwait(false);
            }

            // Authorized before anything is read or written, a watch as it starts (as kube-apiserver's filter chain does).
            if (_authorizer is not null && identity.Principal is { } principal && !call.IsHealthCheck)
            {
                var attributes = AttributesBuilder.Build(principal, context.Request, call);
                var (allowed, reason) = _authorizer.Authorize(attributes);
                if (!allowed)
                {
                    status = await WriteErrorAsync(context, ForbiddenError.Create(attributes, reason)).ConfigureAwait(false);
                    return;
                }
            }

            var decision = _faults.Decide(identity.Name, call.Verb, call.Resource, call.Namespace, call.Name);
            if (decision.Delay > TimeSpan.Zero)
            {
                injected = true;
                await Task.Delay(decision.Delay, _time, context.RequestAborted).ConfigureAwait(false);
            }

            if (decision.StatusCode is { } code && (!decision.AfterHandling || call.Verb == "watch"))
            {
                injected = true;
                status = await WriteErrorAsync(context, ApiException.FromCode(code)).ConfigureAwait(false);
                return;
            }

            if (call.Request is not null && call.Verb == "watch" && !AccessReviews.IsReview(call))
            {
                // A watch is logged when its stream opens, not when it ends minutes later; a refused one like any request.
                await _resources.WatchAsync(context, call.Request, identity.Name, opened =>
                {
                    logged = true;
                    _requestLog.Add(Record(arrival, identity, call, opened, _time.GetElapsedTime(started), injected));
                }).ConfigureAwait(false);
                status = 200;
                return;
            }

            var response = call.Request is null
                ? _nonResource.Handle(context, call)
                : AccessReviews.IsReview(call)
                    ? await AccessReviews.HandleAsync(context, call, identity.Principal, _authorizer).ConfigureAwait(false)
                    : await _resources.HandleAsync(context, call.Request, call.Verb).ConfigureAwait(false);
            if (decision.StatusCode is { } after)
            {
                injected = true;
                response = ErrorResponse(ApiException.FromCode(after));
            }

            status = await WriteAsync(context, response).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            status = await WriteErrorAsync(context, e).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (or was partitioned and gave up); there is no one to answer.
            status = 499;
        }
#pragma warning disable CA1031 // The server answers every unexpected failure with a 500 Status instead of crashing.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogUnexpected(_logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, e);
            status = await WriteErrorAsync(context, ApiException.Internal(e.Message)).ConfigureAwait(false);
        }
        finally
        {
            if (!logged)
            {
                _requestLog.Add(Record(arrival, identity, call, status, _time.GetElapsedTime(started), injected));
            }
        }
    }

    public static ApiResponse ErrorResponse(ApiException e) => new(e.Code, e.ToStatus().ToUtf8(), []);

    public static async Task<int> WriteAsync(HttpContext context, ApiResponse response)
    {
        if (context.Response.HasStarted)
        {
            return context.Response.StatusCode;
        }

        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        context.Response.ContentLength = response.Body.Length;
        foreach (var warning in response.Warnings)
        {
            context.Response.Headers.Append("Warning", WarningHeader(warning));
        }

        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        return response.StatusCode;
    }

    /// <summary>A <c>Warning</c> header value as kube writes it: <c>299 - "text"</c>.</summary>
    public static string WarningHeader(string text) =>
        "299 - \"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static Task<int> WriteErrorAsync(HttpContext context, ApiException e)
    {
        if (e.RetryAfterSeconds is { } retry && !context.Response.HasStarted)
        {
            context.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return WriteAsync(context, ErrorResponse(e));
    }

    private static RequestRecord Record(DateTimeOffset arrival, ClientIdentity identity, RequestCall call, int status, TimeSpan latency, bool injected) =>
        new(arrival, identity.Name, call.Verb, call.Resource, call.Namespace, call.Name, call.Request?.Subresource, status, latency, injected)
        {
            User = identity.Principal?.User,
        };

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unexpected failure answering {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);
}
