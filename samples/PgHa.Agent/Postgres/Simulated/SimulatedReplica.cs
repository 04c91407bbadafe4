namespace PgHa.Agent.Postgres.Simulated;

/// <summary>A standby streaming from a simulated primary: one row of its <c>pg_stat_replication</c>.</summary>
internal sealed class SimulatedReplica(string name, int acknowledged)
{
    public string Name { get; } = name;

    /// <summary>How many entries the standby has confirmed it holds (its flush position).</summary>
    public int Acknowledged { get; set; } = acknowledged;

    /// <summary>Whether it has caught up once: PostgreSQL's state moves from <c>catchup</c> to <c>streaming</c> then, and only then may it be synchronous.</summary>
    public bool Streaming { get; set; }
}
