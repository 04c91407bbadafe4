namespace PgHa.Testing.Selectors;

/// <summary>The operator of one label requirement (kube's <c>selection.Operator</c>).</summary>
internal enum LabelOperator
{
    /// <summary><c>k=v</c>.</summary>
    Equal,

    /// <summary><c>k==v</c>: the same match as <see cref="Equal"/>, kept apart because kube prints it back as written.</summary>
    DoubleEqual,

    /// <summary><c>k!=v</c>: also true when the label is absent.</summary>
    NotEqual,

    /// <summary><c>k in (a,b)</c>.</summary>
    In,

    /// <summary><c>k notin (a,b)</c>: also true when the label is absent.</summary>
    NotIn,

    /// <summary><c>k</c>.</summary>
    Exists,

    /// <summary><c>!k</c>.</summary>
    DoesNotExist,

    /// <summary><c>k&gt;5</c>: the label's value, read as a 64-bit integer, is greater.</summary>
    GreaterThan,

    /// <summary><c>k&lt;5</c>: the label's value, read as a 64-bit integer, is smaller.</summary>
    LessThan,
}
