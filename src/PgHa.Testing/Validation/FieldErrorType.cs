namespace PgHa.Testing.Validation;

/// <summary>Kube's <c>field.ErrorType</c>: why a field is invalid; its reason string is the <c>type</c> of a Status cause.</summary>
internal enum FieldErrorType
{
    /// <summary><c>FieldValueNotFound</c>.</summary>
    NotFound,

    /// <summary><c>FieldValueRequired</c>.</summary>
    Required,

    /// <summary><c>FieldValueDuplicate</c>.</summary>
    Duplicate,

    /// <summary><c>FieldValueInvalid</c>.</summary>
    Invalid,

    /// <summary><c>FieldValueNotSupported</c>.</summary>
    NotSupported,

    /// <summary><c>FieldValueForbidden</c>.</summary>
    Forbidden,

    /// <summary><c>FieldValueTooLong</c>.</summary>
    TooLong,

    /// <summary><c>FieldValueTooMany</c>.</summary>
    TooMany,

    /// <summary><c>InternalError</c>.</summary>
    Internal,

    /// <summary><c>FieldValueTypeInvalid</c>.</summary>
    TypeInvalid,
}
