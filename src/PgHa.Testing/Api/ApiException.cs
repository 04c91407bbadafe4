using System.Globalization;
using System.Text.Json.Nodes;
using PgHa.Testing.Go;
using PgHa.Testing.Resources;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Api;

/// <summary>
/// A request failure, carried to the HTTP layer and written there as a <c>Status</c> object with the code,
/// reason and message kube-apiserver would give (k8s.io/apimachinery/pkg/api/errors).
/// </summary>
internal sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, string? name = null, string? group = null, string? kind = null, IReadOnlyList<StatusCause>? causes = null, int? retryAfterSeconds = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Name = name;
        Group = group;
        Kind = kind;
        Causes = causes ?? [];
        RetryAfterSeconds = retryAfterSeconds;
    }

    public int Code { get; }

    public string Reason { get; }

    public string? Name { get; }

    public string? Group { get; }

    public string? Kind { get; }

    public IReadOnlyList<StatusCause> Causes { get; }

    public int? RetryAfterSeconds { get; }

    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.GroupResource} {GoStrings.Quote(name)} not found", name, type.Group, type.Plural);

    public static ApiException NamespaceNotFound(string @namespace) =>
        new(404, "NotFound", $"namespaces {GoStrings.Quote(@namespace)} not found", @namespace, string.Empty, "namespaces");

    public static ApiException UnknownResource() =>
        new(404, "NotFound", "the server could not find the requested resource");

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.GroupResource} {GoStrings.Quote(name)} already exists", name, type.Group, type.Plural);

    public static ApiException Conflict(ResourceType type, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.GroupResource} {GoStrings.Quote(name)}: {why}", name, type.Group, type.Plural);

    public static ApiException ModifiedConflict(ResourceType type, string name) =>
        Conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>
    /// kube's <c>errors.NewInvalid</c>: <c>Service "x" is invalid: ...</c>, the kind qualified with its group
    /// (<c>postgresql.acid.zalan.do "x" is invalid: ...</c>), one cause per error.
    /// </summary>
    public static ApiException Invalid(ResourceType type, string name, IReadOnlyList<FieldError> errors) =>
        new(422, "Invalid", FieldError.InvalidStatusMessage(type.Group, type.Kind, name, errors), name, type.Group, type.Kind, ToCauses(errors));

    /// <summary>
    /// kube's PATCH handler when the patched object does not decode: <c>errors.NewInvalid(schema.GroupKind{}, "", ...)</c>,
    /// so the message names no kind or object (<c> "" is invalid: patch: Invalid value: ...</c>).
    /// </summary>
    public static ApiException InvalidPatch(ResourceType type, FieldError error) =>
        new(422, "Invalid", FieldError.InvalidStatusMessage(string.Empty, string.Empty, string.Empty, [error]), string.Empty, type.Group, type.Kind, ToCauses([error]));

    public static ApiException Forbidden(ResourceType type, string name, string why, StatusCause? cause = null) =>
        new(403, "Forbidden", $"{type.GroupResource} {GoStrings.Quote(name)} is forbidden: {why}", name, type.Group, type.Plural, cause is null ? null : [cause]);

    public static ApiException MethodNotAllowed() =>
        new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");

    public static ApiException UnsupportedMediaType(string contentType, IEnumerable<string> accepted) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: {string.Join(", ", accepted)}", causes: [new StatusCause("UnsupportedMediaType", contentType)]);

    public static ApiException NotAcceptable() =>
        new(406, "NotAcceptable", "only the following media types are accepted: application/json, application/yaml, application/json;stream=watch");

    public static ApiException Expired(string message) => new(410, "Expired", message);

    public static ApiException TooLargeResourceVersion(long requested, long current) =>
        new(504, "Timeout", $"Too large resource version: {requested}, current: {current}",
            causes: [new StatusCause("ResourceVersionTooLarge", "Too large resource version")], retryAfterSeconds: 1);

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException Internal(string message) => new(500, "InternalError", $"Internal error occurred: {message}");

    /// <summary>The kube-apiserver <c>Status</c> object for this error.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
        };
        if (Reason.Length > 0)
        {
            status["reason"] = Reason;
        }

        var details = new JsonObject();
        if (Name is not null)
        {
            details["name"] = Name;
        }

        if (!string.IsNullOrEmpty(Group))
        {
            details["group"] = Group;
        }

        if (Kind is not null)
        {
            details["kind"] = Kind;
        }

        if (Causes.Count > 0)
        {
            var causes = new JsonArray();
            foreach (var cause in Causes)
            {
                var c = new JsonObject { ["reason"] = cause.Reason, ["message"] = cause.Message };
                if (cause.Field is not null)
                {
                    c["field"] = cause.Field;
                }

                causes.Add(c);
            }

            details["causes"] = causes;
        }

        if (RetryAfterSeconds is { } retry)
        {
            details["retryAfterSeconds"] = retry;
        }

        status["details"] = details;
        status["code"] = Code;
        return status;
    }

    // A field error becomes a Status cause: its reason as type, its body (the message without the field) as message.
    private static List<StatusCause> ToCauses(IReadOnlyList<FieldError> errors)
    {
        var causes = new List<StatusCause>(errors.Count);
        foreach (var error in errors)
        {
            causes.Add(new StatusCause(error.Reason, error.Body, error.Field));
        }

        return causes;
    }

    /// <summary>A Status for an injected or generic failure with only a code (faults).</summary>
    public static ApiException FromCode(int code, string? message = null) => code switch
    {
        400 => BadRequest(message ?? "bad request"),
        401 => Unauthorized(),
        403 => new(403, "Forbidden", message ?? "forbidden"),
        404 => new(404, "NotFound", message ?? "the server could not find the requested resource"),
        409 => new(409, "Conflict", message ?? "Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again"),
        410 => Expired(message ?? "too old resource version"),
        429 => new(429, "TooManyRequests", message ?? "Too many requests, please try again later.", retryAfterSeconds: 1),
        500 => Internal(message ?? "injected fault"),
        503 => new(503, "ServiceUnavailable", message ?? "the server is currently unable to handle the request", retryAfterSeconds: 1),
        504 => new(504, "Timeout", message ?? "the server was unable to return a response in the time allotted, but may still be processing the request", retryAfterSeconds: 1),
        _ => new(code, "Unknown", message ?? string.Create(CultureInfo.InvariantCulture, $"injected status {code}")),
    };
}
