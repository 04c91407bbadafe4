namespace PgHa.Testing.Selectors;

/// <summary>One term of a field selector: a field path, an operator and the (unescaped) value.</summary>
/// <param name="Field">The field, e.g. <c>metadata.name</c>; kube does not unescape it.</param>
/// <param name="Operator">Equal or not equal.</param>
/// <param name="Value">The value with kube's backslash escapes resolved.</param>
internal sealed record FieldRequirement(string Field, FieldOperator Operator, string Value)
{
    /// <summary>Kube's term form: <c>field=value</c> or <c>field!=value</c>, the value escaped.</summary>
    public override string ToString() =>
        Field + (Operator == FieldOperator.Equal ? "=" : "!=") + FieldSelector.EscapeValue(Value);
}
