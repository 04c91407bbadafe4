namespace PgHa.Testing.Selectors;

/// <summary>The operator of one field selector term.</summary>
internal enum FieldOperator
{
    /// <summary><c>f=v</c> or <c>f==v</c> (kube keeps no difference and prints both as <c>=</c>).</summary>
    Equal,

    /// <summary><c>f!=v</c>: also true when the field is absent (absent reads as "").</summary>
    NotEqual,
}
