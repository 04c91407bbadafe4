using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PgHa.Testing.Api;
using PgHa.Testing.Http;
using PgHa.Testing.Json;

namespace PgHa.Testing.Authorization;

/// <summary>
/// <c>selfsubjectaccessreviews</c> (authorization.k8s.io/v1), what <c>kubectl auth can-i</c> asks: "may I do this?",
/// answered by the server's authorizer for the caller's own identity and never stored. Only <c>create</c> is served.
/// </summary>
internal static class AccessReviews
{
    public const string Group = "authorization.k8s.io";
    public const string Resource = "selfsubjectaccessreviews";

    public static bool IsReview(RequestCall call) =>
        call.Request is { Group: Group, Resource: Resource };

    public static async Task<ApiResponse> HandleAsync(HttpContext context, RequestCall call, Principal? principal, RbacAuthorizer? authorizer)
    {
        if (call.Verb != "create" || call.Request!.Name is not null)
        {
            throw ApiException.MethodNotAllowed();
        }

        var bytes = await RequestBodies.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var body = MediaTypes.BodyType(context.Request.ContentType) == "application/vnd.kubernetes.protobuf"
            ? AccessReviewProtobuf.Decode(bytes)
            : RequestBodies.ParseObject(bytes, context.Request.ContentType);
        var spec = body.Object("spec");
        var resource = spec.Object("resourceAttributes");
        var nonResource = spec.Object("nonResourceAttributes");
        if ((resource is null) == (nonResource is null))
        {
            throw ApiException.Invalid(Resources.BuiltInResources.SelfSubjectAccessReviews, string.Empty,
                [Validation.FieldError.Invalid("spec.resourceAttributes", "null", "exactly one of nonResourceAttributes or resourceAttributes must be specified")]);
        }

        // Without an authorizer (AlwaysAllow) everything is allowed, as kube's AlwaysAllow authorizer says.
        var allowed = true;
        var reason = string.Empty;
        if (authorizer is not null && principal is not null)
        {
            var attributes = resource is not null
                ? new RequestAttributes(principal, resource.String("verb") ?? string.Empty, true, resource.String("group") ?? string.Empty,
                    resource.String("resource") ?? string.Empty, resource.String("subresource") ?? string.Empty,
                    resource.String("namespace") ?? string.Empty, resource.String("name") ?? string.Empty, string.Empty)
                : new RequestAttributes(principal, nonResource.String("verb") ?? string.Empty, false, "", "", "", "", "", nonResource.String("path") ?? string.Empty);
            (allowed, reason) = authorizer.Authorize(attributes);
        }

        var status = new JsonObject { ["allowed"] = allowed };
        if (reason.Length > 0)
        {
            status["reason"] = reason;
        }

        var answer = new JsonObject
        {
            ["kind"] = "SelfSubjectAccessReview",
            ["apiVersion"] = Group + "/v1",
            ["metadata"] = new JsonObject { ["creationTimestamp"] = null },
            ["spec"] = spec?.DeepClone() ?? new JsonObject(),
            ["status"] = status,
        };
        return new ApiResponse(201, answer.ToUtf8(), []);
    }
}
