namespace PgHa.Agent.Tests.Postgres;

/// <summary>Tests that run real PostgreSQL servers run one at a time: two cores do not start, clone and rewind several clusters at once well.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresServers
{
    public const string Name = "PostgreSQL";
}
