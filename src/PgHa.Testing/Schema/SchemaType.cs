namespace PgHa.Testing.Schema;

/// <summary>JSON types a <see cref="SchemaNode"/> can describe.</summary>
internal enum SchemaType
{
    /// <summary>Any value (free-form); nothing is checked or pruned below it.</summary>
    Any,
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,

    /// <summary><c>x-kubernetes-int-or-string</c>: an integer or a string (IntOrString, Quantity-like).</summary>
    IntOrString,
}
