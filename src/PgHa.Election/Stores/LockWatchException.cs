namespace PgHa.Election.Stores;

/// <summary>A watch of the lock object failed (the server sent an error such as 410 Gone, or the stream broke); read again and resume.</summary>
public sealed class LockWatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LockWatchException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public LockWatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The underlying error.</param>
    public LockWatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
