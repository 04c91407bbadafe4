namespace PgHa.Testing.Schema;

/// <summary>
/// One field-level validation error, as apimachinery's <c>field.Error</c>: it becomes one
/// <c>details.causes</c> entry of a 422 Invalid Status and one part of its message.
/// </summary>
/// <param name="Reason">The cause type: <c>FieldValueInvalid</c>, <c>FieldValueRequired</c>, <c>FieldValueNotSupported</c>, <c>FieldValueTypeInvalid</c>, <c>FieldValueTooLong</c>, <c>FieldValueTooMany</c>.</param>
/// <param name="Field">The field path (<c>spec.numberOfInstances</c>, <c>spec.items[0].name</c>).</param>
/// <param name="Message">The cause message (Go's <c>ErrorBody()</c>): <c>Invalid value: "string": spec.x in body must be of type integer: "string"</c>.</param>
internal sealed record FieldError(string Reason, string Field, string Message)
{
    public const string Invalid = "FieldValueInvalid";
    public const string TypeInvalid = "FieldValueTypeInvalid";
    public const string Required = "FieldValueRequired";
    public const string NotSupported = "FieldValueNotSupported";
    public const string TooLong = "FieldValueTooLong";
    public const string TooMany = "FieldValueTooMany";

    /// <summary><c>field: message</c>, the form joined into the Status message.</summary>
    public override string ToString() => Field + ": " + Message;

    /// <summary>
    /// The message of the 422 Status kube builds from these errors (<c>apierrors.NewInvalid</c>):
    /// <c>postgresql.acid.zalan.do "x" is invalid: spec.a: Required value</c>, several errors in brackets.
    /// </summary>
    /// <param name="qualifiedKind"><c>Kind.group</c> (just <c>Kind</c> for the core group).</param>
    /// <param name="name">The object's name.</param>
    /// <param name="errors">The field errors; duplicates are reported once, as kube's aggregate does.</param>
    public static string InvalidMessage(string qualifiedKind, string name, IReadOnlyList<FieldError> errors)
    {
        var prefix = qualifiedKind + " " + GoFormat.Quote(name) + " is invalid";
        var distinct = errors.Select(e => e.ToString()).Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count switch
        {
            0 => prefix,
            1 => prefix + ": " + distinct[0],
            _ => prefix + ": [" + string.Join(", ", distinct) + "]",
        };
    }
}
