namespace PgHa.Testing.Patching;

/// <summary>
/// A patch kube-apiserver would reject, carrying the status it would answer with. <see cref="Exception.Message"/> is the
/// <c>Status.message</c> kube sends; <see cref="Detail"/> keeps the engine's own error text where kube's message hides it.
/// </summary>
internal sealed class PatchException : Exception
{
    /// <summary>The <c>Status.message</c> kube sends for every JSON-patch apply failure and for SMP's 422 errors:
    /// it builds them with <c>NewGenericServerResponse(422, ...)</c>, which drops the underlying error text.</summary>
    public const string GenericInvalidMessage = "the server rejected our request due to an error in our request";

    public PatchException(int statusCode, string reason, string message, string? detail = null)
        : base(message)
    {
        StatusCode = statusCode;
        Reason = reason;
        Detail = detail;
    }

    public PatchException()
        : this(500, string.Empty, "patch failed")
    {
    }

    public PatchException(string message)
        : this(500, string.Empty, message)
    {
    }

    public PatchException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 500;
        Reason = string.Empty;
    }

    /// <summary>HTTP status code of the <c>Status</c> kube answers with.</summary>
    public int StatusCode { get; }

    /// <summary><c>Status.reason</c>: <c>BadRequest</c>, <c>Invalid</c>, <c>RequestEntityTooLarge</c>, or empty
    /// (kube's <c>StatusReasonUnknown</c>) for errors kube passes through unconverted as 500s.</summary>
    public string Reason { get; }

    /// <summary>The underlying error text (evanphx/json-patch or strategicpatch wording) when it differs from the message.</summary>
    public string? Detail { get; }

    internal static PatchException BadRequest(string message) => new(400, "BadRequest", message);

    /// <summary>A 422 whose message kube replaces with <see cref="GenericInvalidMessage"/>.</summary>
    internal static PatchException UnprocessableGeneric(string detail) => new(422, "Invalid", GenericInvalidMessage, detail);

    /// <summary>A 422 built by <c>errors.NewInvalid</c>, whose message kube keeps.</summary>
    internal static PatchException Invalid(string message) => new(422, "Invalid", message);

    /// <summary>An error kube returns as-is from the patch function, which its response writer turns into a 500 with no reason.</summary>
    internal static PatchException Unconverted(string message) => new(500, string.Empty, message);

    internal static PatchException EntityTooLarge(string message) =>
        new(413, "RequestEntityTooLarge", "Request entity too large: " + message);
}
