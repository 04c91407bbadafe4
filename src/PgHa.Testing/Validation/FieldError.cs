using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PgHa.Testing.Go;

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

    /// <summary>Kube's <c>field.Invalid</c> of a string value.</summary>
    public static FieldError Invalid(string field, string value, string detail) =>
        new(FieldErrorType.Invalid, field, GoStrings.Quote(value), detail);

    /// <summary>Kube's <c>field.Invalid</c> of any value (see <see cref="FormatValue"/>).</summary>
    public static FieldError Invalid(string field, object? value, string detail) =>
        new(FieldErrorType.Invalid, field, FormatValue(value), detail);

    public static FieldError Required(string field, string detail) => new(FieldErrorType.Required, field, null, detail);

    public static FieldError Forbidden(string field, string detail) => new(FieldErrorType.Forbidden, field, null, detail);

    public static FieldError Duplicate(string field, object? value) =>
        new(FieldErrorType.Duplicate, field, FormatValue(value), string.Empty);

    /// <summary>Kube's <c>field.NotSupported</c>: each supported value quoted; no detail when there are none.</summary>
    public static FieldError NotSupported(string field, object? value, IEnumerable<string> supported)
    {
        ArgumentNullException.ThrowIfNull(supported);
        var quoted = string.Join(", ", supported.Select(GoStrings.Quote));
        return new(FieldErrorType.NotSupported, field, FormatValue(value), quoted.Length == 0 ? string.Empty : "supported values: " + quoted);
    }

    /// <summary>Kube's <c>field.TooLong</c>; kube omits the value.</summary>
    public static FieldError TooLong(string field, long maxLength) =>
        new(FieldErrorType.TooLong, field, null, maxLength >= 0
            ? "may not be more than " + maxLength.ToString(CultureInfo.InvariantCulture) + " bytes"
            : "value is too long");

    /// <summary>Kube's <c>field.TooMany</c> with both quantities known.</summary>
    public static FieldError TooMany(string field, long actual, long max) =>
        new(FieldErrorType.TooMany, field, actual.ToString(CultureInfo.InvariantCulture),
            "must have at most " + max.ToString(CultureInfo.InvariantCulture) + " items");

    /// <summary>
    /// A bad value as kube's <c>ErrorBody</c> prints it: integers, floats and booleans with <c>%v</c>, strings with
    /// <c>%q</c>, nil as <c>null</c>, anything else as <c>json.Marshal</c> gives it. A <see cref="JsonNode"/> stands
    /// for the <c>interface{}</c> value kube decoded it to.
    /// </summary>
    public static string FormatValue(object? value)
    {
        switch (value)
        {
            case null:
                return "null";
            case string s:
                return GoStrings.Quote(s);
            case bool b:
                return b ? "true" : "false";
            case double d:
                return GoFloats.Format(d);
            case JsonNode node:
                return GoValues.KindOf(node) switch
                {
                    GoKind.String => GoStrings.Quote(node.GetValue<string>()),
                    GoKind.Map or GoKind.Slice => GoJson.Marshal(node),
                    GoKind.Float64 => GoFloats.Format(GoValues.ToDouble(node.AsValue())),
                    _ => GoJson.Marshal(node), // int64 and bool print the same under %v and json.Marshal
                };
            case IFormattable formattable:
                return formattable.ToString(null, CultureInfo.InvariantCulture);
            default:
                return value.ToString() ?? string.Empty;
        }
    }

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
        var head = groupKind + " " + GoStrings.Quote(name) + " is invalid";
        return errors.Count == 0 ? head : head + ": " + Aggregate(errors);
    }
}
