using System.Globalization;
using System.Text;

namespace PgHa.Testing.Validation;

/// <summary>
/// One field-level validation error, formatted exactly as kube's <c>field.Error</c> (Kubernetes v1.32):
/// <c>metadata.name: Invalid value: "Foo": a lowercase RFC 1123 ...</c>. A 422 Invalid Status carries one
/// cause per error: <see cref="Reason"/> as <c>type</c>, <see cref="Body"/> as <c>message</c>, <see cref="Field"/> as <c>field</c>.
/// </summary>
/// <param name="Type">What kind of error.</param>
/// <param name="Field">The field path, e.g. <c>metadata.labels</c>.</param>
/// <param name="BadValue">The bad value as kube prints it (already quoted for strings), or null when kube omits it.</param>
/// <param name="Detail">The explanation; may be empty.</param>
internal sealed record FieldError(FieldErrorType Type, string Field, string? BadValue, string Detail)
{
    /// <summary>The Status cause type, e.g. <c>FieldValueInvalid</c>.</summary>
    public string Reason => Type switch
    {
        FieldErrorType.NotFound => "FieldValueNotFound",
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        FieldErrorType.Internal => "InternalError",
        FieldErrorType.TypeInvalid => "FieldValueTypeInvalid",
        _ => throw new InvalidOperationException("Unknown field error type " + Type),
    };

    /// <summary>Kube's canonical title of the type, e.g. <c>Invalid value</c>.</summary>
    public string Title => Type switch
    {
        FieldErrorType.NotFound => "Not found",
        FieldErrorType.Required => "Required value",
        FieldErrorType.Duplicate => "Duplicate value",
        FieldErrorType.Invalid or FieldErrorType.TypeInvalid => "Invalid value",
        FieldErrorType.NotSupported => "Unsupported value",
        FieldErrorType.Forbidden => "Forbidden",
        FieldErrorType.TooLong => "Too long",
        FieldErrorType.TooMany => "Too many",
        FieldErrorType.Internal => "Internal error",
        _ => throw new InvalidOperationException("Unknown field error type " + Type),
    };

    /// <summary>Kube's <c>ErrorBody</c>: the message without the field path (a Status cause's <c>message</c>).</summary>
    public string Body
    {
        get
        {
            // Kube never shows the value of these types, whatever was passed.
            var showValue = BadValue is not null && Type is not (FieldErrorType.Required or FieldErrorType.Forbidden
                or FieldErrorType.TooLong or FieldErrorType.Internal);
            var body = showValue ? Title + ": " + BadValue : Title;
            return Detail.Length == 0 ? body : body + ": " + Detail;
        }
    }

    public static FieldError Invalid(string field, string value, string detail) =>
        new(FieldErrorType.Invalid, field, GoQuote.Quote(value), detail);

    public static FieldError Required(string field, string detail) => new(FieldErrorType.Required, field, null, detail);

    public static FieldError Forbidden(string field, string detail) => new(FieldErrorType.Forbidden, field, null, detail);

    /// <summary>Kube's <c>field.TooLong</c>; kube omits the value.</summary>
    public static FieldError TooLong(string field, int maxLength) =>
        new(FieldErrorType.TooLong, field, null, maxLength >= 0
            ? "may not be more than " + maxLength.ToString(CultureInfo.InvariantCulture) + " bytes"
            : "value is too long");

    /// <summary>Kube's <c>field.Error.Error()</c>: <c>field: body</c>.</summary>
    public override string ToString() => Field + ": " + Body;

    /// <summary>
    /// Kube's <c>ErrorList.ToAggregate().Error()</c>: duplicates dropped, one error as is, several as
    /// <c>[a, b]</c>. Empty input gives an empty string.
    /// </summary>
    public static string Aggregate(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var builder = new StringBuilder();
        foreach (var error in errors)
        {
            var message = error.ToString();
            if (!seen.Add(message))
            {
                continue;
            }

            if (seen.Count > 1)
            {
                builder.Append(", ");
            }

            builder.Append(message);
        }

        return seen.Count > 1 ? "[" + builder + "]" : builder.ToString();
    }

    /// <summary>
    /// The message of kube's 422 Invalid Status (<c>errors.NewInvalid</c>):
    /// <c>Service "Foo" is invalid: metadata.name: Invalid value: ...</c>.
    /// </summary>
    /// <param name="group">API group; empty for the core group.</param>
    /// <param name="kind">Kind, e.g. <c>Service</c>.</param>
    /// <param name="name">The object's name (may be empty).</param>
    /// <param name="errors">The validation errors.</param>
    public static string InvalidStatusMessage(string group, string kind, string name, IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(errors);
        var groupKind = group.Length == 0 ? kind : kind + "." + group;
        var head = groupKind + " " + GoQuote.Quote(name) + " is invalid";
        return errors.Count == 0 ? head : head + ": " + Aggregate(errors);
    }
}
