namespace PgHa.Testing.Schema;

/// <summary>
/// The <c>fieldValidation</c> query parameter of POST, PUT and PATCH: what to do about unknown fields.
/// kube-apiserver's default is <see cref="Warn"/>.
/// </summary>
internal enum FieldValidation
{
    /// <summary>Drop unknown fields silently.</summary>
    Ignore,

    /// <summary>Drop unknown fields and report each in a <c>Warning: 299</c> header (the default).</summary>
    Warn,

    /// <summary>Fail the request with 400 BadRequest listing every unknown field.</summary>
    Strict,
}
