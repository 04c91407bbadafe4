namespace PgHa.Election.Records;

/// <summary>A lock annotation (or Lease field) whose value could not be read: which one, what it held, and why.</summary>
/// <param name="Annotation">The annotation or field name, e.g. <c>transitions</c>.</param>
/// <param name="Value">The value as found.</param>
/// <param name="Reason">Why it is not valid, e.g. <c>not a non-negative integer</c>.</param>
public sealed record RecordParseError(string Annotation, string Value, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"annotation '{Annotation}' has an invalid value '{Value}': {Reason}";
}
