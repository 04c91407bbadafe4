namespace PgHa.Agent.Postgres.Simulated;

/// <summary>A simulated member refused a command (<c>ERR &lt;message&gt;</c>), e.g. <c>read-only</c> on a standby.</summary>
public sealed class SimulatedDatabaseException : Exception
{
    public SimulatedDatabaseException()
    {
    }

    public SimulatedDatabaseException(string message)
        : base(message)
    {
    }

    public SimulatedDatabaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
