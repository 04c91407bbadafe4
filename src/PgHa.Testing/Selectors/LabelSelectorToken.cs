namespace PgHa.Testing.Selectors;

/// <summary>Tokens of kube's label selector lexer.</summary>
internal enum LabelSelectorToken
{
    EndOfString,
    ClosedParen,
    Comma,
    Bang,
    DoubleEquals,
    SingleEquals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenParen,
}
