namespace PgHa.Testing.Selectors;

/// <summary>
/// A <c>labelSelector</c> or <c>fieldSelector</c> kube would refuse; <see cref="Exception.Message"/> is kube's
/// exact text, which the list/watch request answers with as a 400 BadRequest Status.
/// </summary>
internal sealed class SelectorParseException : Exception
{
    public SelectorParseException()
    {
    }

    public SelectorParseException(string message)
        : base(message)
    {
    }

    public SelectorParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
