using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PgHa.Testing.Api;
using PgHa.Testing.Json;
using PgHa.Testing.Resources;
using PgHa.Testing.Storage;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Http;

/// <summary>The resource verbs over HTTP: resolves the URL to a served resource, reads parameters and bodies, calls <see cref="ApiOperations"/> and shapes the answer (object, list, Table, metadata).</summary>
internal sealed partial class ResourceEndpoints
{
    private const string EndpointsDeprecation = "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice";

    private readonly ApiOperations _api;
    private readonly ResourceRegistry _registry;
    private readonly KubeApiServerOptions _options;
    private readonly bool _deprecateEndpoints;

    public ResourceEndpoints(ApiOperations api, ResourceRegistry registry, KubeApiServerOptions options)
    {
        _api = api;
        _registry = registry;
        _options = options;
        _deprecateEndpoints = MinorVersion(options.KubernetesVersion) >= 33;
    }

    public async Task<ApiResponse> HandleAsync(HttpContext context, ApiRequest request, string verb)
    {
        var type = Resolve(request);
        var query = context.Request.Query;
        var warnings = new List<string>();
        if (_deprecateEndpoints && type == BuiltInResources.Endpoints)
        {
            warnings.Add(EndpointsDeprecation);
        }

        var format = MediaTypes.Negotiate(context.Request.Headers.Accept.ToString()) ?? throw ApiException.NotAcceptable();
        switch (verb)
        {
            case "get":
                return Single(type, _api.Get(type, request.Namespace, request.Name!), format, 200, warnings, context);
            case "list":
                return List(type, request, query, format, warnings);
            case "create":
            {
                if (request.Subresource is not null || request.Name is not null)
                {
                    throw ApiException.MethodNotAllowed();
                }

                var body = RequestBodies.ParseObject(await RequestBodies.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false), context.Request.ContentType);
                var result = _api.Create(type, request.Namespace, body, QueryParameters.Write(query));
                warnings.AddRange(result.Warnings);
                return Single(type, result.Object, format, 201, warnings, context);
            }

            case "update":
            {
                var body = RequestBodies.ParseObject(await RequestBodies.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false), context.Request.ContentType);
                var result = _api.Update(type, request.Namespace, request.Name!, request.Subresource, body, QueryParameters.Write(query));
                warnings.AddRange(result.Warnings);
                return Single(type, result.Object, format, result.Created ? 201 : 200, warnings, context);
            }

            case "patch":
            {
                var patchType = MediaTypes.BodyType(context.Request.ContentType) switch
                {
                    MediaTypes.JsonPatch => PatchType.Json,
                    MediaTypes.MergePatch => PatchType.Merge,
                    MediaTypes.StrategicMergePatch => PatchType.Strategic,
                    var other => throw ApiException.UnsupportedMediaType(other, type.IsCustom
                        ? [MediaTypes.JsonPatch, MediaTypes.MergePatch, MediaTypes.ApplyPatch]
                        : MediaTypes.PatchTypes),
                };
                var patch = RequestBodies.ParsePatch(await RequestBodies.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false));
                var result = _api.Patch(type, request.Namespace, request.Name!, request.Subresource, patchType, patch, QueryParameters.Write(query));
                warnings.AddRange(result.Warnings);
                return Single(type, result.Object, format, 200, warnings, context);
            }

            case "delete":
            {
                var options = await DeleteOptionsAsync(context).ConfigureAwait(false);
                var result = _api.Delete(type, request.Namespace, request.Name!, options);
                var body = result.Deleted && !ApiOperations.ReturnsDeletedObject(type)
                    ? ResponseBodies.DeleteSuccess(result.Object)
                    : ResponseBodies.Object(result.Object, type);
                return new ApiResponse(200, body, warnings);
            }

            case "deletecollection":
            {
                var options = await DeleteOptionsAsync(context).ConfigureAwait(false);
                var filter = Filters.Build(type, request.Namespace, QueryParameters.String(query, "labelSelector"), QueryParameters.String(query, "fieldSelector"));
                var deleted = _api.DeleteCollection(type, filter, options);
                return new ApiResponse(200, ResponseBodies.List(type, new ListResult(deleted, _api.Store.ResourceVersion, null, null)), warnings);
            }

            default:
                throw ApiException.MethodNotAllowed();
        }
    }

    /// <summary>Finds the served resource for a URL and checks the URL's shape against it (scope, subresource, verb).</summary>
    private ResourceType Resolve(ApiRequest request)
    {
        var type = _registry.Find(request.Group, request.Version, request.Resource) ?? throw ApiException.UnknownResource();
        if (type.Namespaced != (request.Namespace is not null) && !(type.Namespaced && request.Name is null))
        {
            throw ApiException.UnknownResource();
        }

        var subresourceServed = request.Subresource switch
        {
            null => true,
            "status" => type.HasStatusSubresource,
            "finalize" => type == BuiltInResources.Namespaces,
            _ => false,
        };
        return subresourceServed ? type : throw ApiException.UnknownResource();
    }

    private ApiResponse Single(ResourceType type, StoredObject obj, MediaTypes.Representation format, int status, List<string> warnings, HttpContext context)
    {
        var body = format.Format switch
        {
            ResponseFormat.Table => Tables.RenderOne(type, obj, context.Request.Query, format.MetaVersion, _options.TimeProvider.GetUtcNow()).ToUtf8(),
            ResponseFormat.PartialObjectMetadata => ResponseBodies.PartialObjectMetadata(obj).ToUtf8(),
            _ => ResponseBodies.Object(obj, type),
        };
        return new ApiResponse(status, body, warnings);
    }

    private ApiResponse List(ResourceType type, ApiRequest request, IQueryCollection query, MediaTypes.Representation format, List<string> warnings)
    {
        var filter = Filters.Build(type, request.Namespace, QueryParameters.String(query, "labelSelector"), QueryParameters.String(query, "fieldSelector"));
        var result = _api.List(type, new ListRequest(
            filter,
            QueryParameters.String(query, "resourceVersion"),
            QueryParameters.String(query, "resourceVersionMatch"),
            QueryParameters.Int64(query, "limit"),
            QueryParameters.String(query, "continue")));
        var body = format.Format switch
        {
            ResponseFormat.Table => Tables.Render(type, result.Items, query, format.MetaVersion, _options.TimeProvider.GetUtcNow(),
                result.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Continue, result.RemainingItemCount).ToUtf8(),
            ResponseFormat.PartialObjectMetadata => ResponseBodies.PartialObjectMetadataList(result),
            _ => ResponseBodies.List(type, result),
        };
        return new ApiResponse(200, body, warnings);
    }

    private static async Task<DeleteOptions> DeleteOptionsAsync(HttpContext context)
    {
        var query = context.Request.Query;
        JsonObject? body = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            var bytes = await RequestBodies.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            if (bytes.Length > 0)
            {
                body = RequestBodies.ParseObject(bytes, context.Request.ContentType);
            }
        }

        var policy = body.String("propagationPolicy") ?? QueryParameters.String(query, "propagationPolicy");
        var orphan = body.Boolean("orphanDependents") ?? QueryParameters.Boolean(query, "orphanDependents");
        DeletionPropagation? propagation = policy switch
        {
            null or "" => orphan switch
            {
                true => DeletionPropagation.Orphan,
                false => DeletionPropagation.Background,
                null => null,
            },
            "Orphan" => DeletionPropagation.Orphan,
            "Background" => DeletionPropagation.Background,
            "Foreground" => DeletionPropagation.Foreground,
            _ => throw ApiException.BadRequest(FieldError.NotSupported("propagationPolicy", policy, ["Foreground", "Background", "Orphan"]).ToString()),
        };
        if (policy is { Length: > 0 } && orphan is not null)
        {
            throw ApiException.BadRequest("propagationPolicy: Invalid value: \"" + policy + "\": orphanDependents and deletionPropagation cannot be both set");
        }

        var preconditions = body.Object("preconditions");
        var dryRun = QueryParameters.DryRun(query) || (body.Array("dryRun") ?? []).Any(v => v?.ToString() == "All");
        return new DeleteOptions(
            propagation,
            preconditions.String("uid"),
            preconditions.String("resourceVersion"),
            body.Int64("gracePeriodSeconds") ?? QueryParameters.Int64(query, "gracePeriodSeconds"),
            dryRun);
    }

    private static int MinorVersion(string version)
    {
        var parts = version.TrimStart('v').Split('.');
        return parts.Length > 1 && int.TryParse(parts[1], out var minor) ? minor : 0;
    }
}
