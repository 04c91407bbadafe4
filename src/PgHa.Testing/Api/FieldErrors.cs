using PgHa.Testing.Validation;

namespace PgHa.Testing.Api;

/// <summary>
/// Collects <see cref="FieldError"/>s as a kind's validation runs, with the shapes of kube's
/// <c>field.Required</c>, <c>field.Invalid</c>, <c>field.NotSupported</c> and friends.
/// </summary>
internal sealed class FieldErrors
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;

    public bool Any => _errors.Count > 0;

    public void Add(FieldError error) => _errors.Add(error);

    public void AddRange(IEnumerable<FieldError> errors) => _errors.AddRange(errors);

    public void Required(string field, string detail = "") => _errors.Add(FieldError.Required(field, detail));

    public void Invalid(string field, object? value, string detail) => _errors.Add(FieldError.Invalid(field, value, detail));

    /// <summary>One Invalid error per message (kube's validators return message lists).</summary>
    public void InvalidEach(string field, object? value, IEnumerable<string> messages)
    {
        foreach (var message in messages)
        {
            Invalid(field, value, message);
        }
    }

    public void NotSupported(string field, object? value, IEnumerable<string> supported) =>
        _errors.Add(FieldError.NotSupported(field, value, supported));

    public void Duplicate(string field, object? value) => _errors.Add(FieldError.Duplicate(field, value));

    public void Forbidden(string field, string detail) => _errors.Add(FieldError.Forbidden(field, detail));

    public void TooMany(string field, int actual, int max) => _errors.Add(FieldError.TooMany(field, actual, max));

    public void Immutable(string field, object? value) => Invalid(field, value, "field is immutable");
}
