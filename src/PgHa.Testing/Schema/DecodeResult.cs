using PgHa.Testing.Go;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Schema;

/// <summary>
/// What <see cref="ObjectDecoder"/> found in a request body: the unknown fields it pruned, a Go decoding
/// error, or field validation errors, with the Status and <c>Warning</c> texts kube-apiserver makes of them.
/// </summary>
internal sealed class DecodeResult
{
    private static readonly IReadOnlyList<string> NoFields = [];
    private static readonly IReadOnlyList<FieldError> NoErrors = [];

    internal DecodeResult(
        GroupVersionKind kind, FieldValidation validation, IReadOnlyList<string>? unknownFields, string? decodeError, IReadOnlyList<FieldError>? fieldErrors)
    {
        Kind = kind;
        Validation = validation;
        UnknownFields = unknownFields ?? NoFields;
        DecodeError = decodeError;
        FieldErrors = fieldErrors ?? NoErrors;
    }

    /// <summary>The kind the body was decoded as (from the schema's root).</summary>
    public GroupVersionKind Kind { get; }

    /// <summary>The <c>fieldValidation</c> mode the body was decoded under.</summary>
    public FieldValidation Validation { get; }

    /// <summary>
    /// Paths of the unknown fields that were pruned (<c>spec.ports[0].foo</c>, <c>metadata.bar</c>), in the
    /// order kube reports them; empty under <see cref="FieldValidation.Ignore"/>, which does not look.
    /// </summary>
    public IReadOnlyList<string> UnknownFields { get; }

    /// <summary>
    /// The Go decoding error, if any: a wrong JSON type in a built-in kind (or in a custom resource's
    /// metadata), e.g. <c>json: cannot unmarshal string into Go struct field ServicePort.spec.ports.port of type int32</c>.
    /// </summary>
    public string? DecodeError { get; }

    /// <summary>A custom resource's schema violations (422 Invalid); empty for built-in kinds.</summary>
    public IReadOnlyList<FieldError> FieldErrors { get; }

    /// <summary>True when the write may go on (warnings aside).</summary>
    public bool IsSuccess => StatusCode == 200;

    /// <summary>200 when the write may go on, 400 for decoding and strict errors, 422 for schema violations.</summary>
    public int StatusCode =>
        DecodeError is not null || (Validation == FieldValidation.Strict && UnknownFields.Count > 0) ? 400
        : FieldErrors.Count > 0 ? 422
        : 200;

    /// <summary>
    /// <c>strict decoding error: unknown field "spec.foo", unknown field "spec.bar"</c> when strict
    /// validation fails, else null.
    /// </summary>
    public string? StrictError => Validation == FieldValidation.Strict && UnknownFields.Count > 0
        ? "strict decoding error: " + string.Join(", ", UnknownFields.Select(UnknownFieldText))
        : null;

    /// <summary>
    /// The message of the 400 BadRequest Status a create or update answers with, as kube's
    /// <c>transformDecodeError</c>: <c>Service in version "v1" cannot be handled as a Service: ...</c>; null when there is none.
    /// </summary>
    public string? BadRequestMessage
    {
        get
        {
            var error = DecodeError ?? StrictError;
            return error is null
                ? null
                : Kind.Kind + " in version " + GoStrings.Quote(Kind.Version) + " cannot be handled as a " + Kind.Kind + ": " + error;
        }
    }

    /// <summary>
    /// The warnings to send under <see cref="FieldValidation.Warn"/>, one per unknown field
    /// (<c>unknown field "spec.foo"</c>); wrap each with <see cref="WarningHeaderValue"/>.
    /// </summary>
    public IEnumerable<string> Warnings => Validation == FieldValidation.Warn && DecodeError is null
        ? UnknownFields.Select(UnknownFieldText)
        : [];

    /// <summary>
    /// The single cause of the 422 a JSON or merge PATCH answers with when the patched object does not
    /// decode (kube's patch handler: <c>field.Invalid("patch", patchedJSON, err)</c>, in a Status whose
    /// message is <c> "" is invalid: patch: Invalid value: ...</c>); null when there is nothing to report.
    /// </summary>
    public FieldError? PatchError(string patchedObjectJson)
    {
        var error = DecodeError ?? StrictError;
        return error is null
            ? null
            : FieldError.Invalid("patch", patchedObjectJson, error);
    }

    /// <summary>The 422 message for a custom resource named <paramref name="name"/> (see <see cref="FieldError.InvalidStatusMessage"/>).</summary>
    public string InvalidMessage(string name) => FieldError.InvalidStatusMessage(Kind.Group, Kind.Kind, name, FieldErrors);

    /// <summary>The value of a <c>Warning</c> header kube sends: <c>299 - "unknown field \"spec.foo\""</c>.</summary>
    public static string WarningHeaderValue(string text) =>
        "299 - \"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string UnknownFieldText(string path) => "unknown field " + GoStrings.Quote(path);
}
