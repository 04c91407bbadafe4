using PgHa.Agent.Postgres;

namespace PgHa.Agent.Tests.Postgres;

/// <summary>
/// What <see cref="FailoverScenario"/> needs besides <see cref="IPostgresInstance"/>: creating members of one kind and
/// a client for them (SQL over Npgsql for real PostgreSQL, the line protocol for the simulation).
/// </summary>
internal abstract class MemberDriver : IAsyncDisposable
{
    public abstract IPostgresInstance Create(string name, string host, int port);

    /// <summary>Whether members have a postmaster process (real PostgreSQL) or not (the simulation).</summary>
    public abstract bool HasPostmaster { get; }

    /// <summary>Creates what the client writes into (a table), on a new primary.</summary>
    public abstract Task PrepareAsync(IPostgresInstance primary, CancellationToken cancellationToken);

    /// <summary>Inserts row <paramref name="id"/>; returns when the commit is acknowledged, throws when refused.</summary>
    public abstract Task InsertAsync(IPostgresInstance member, long id, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<long>> SelectAsync(IPostgresInstance member, CancellationToken cancellationToken);

    /// <summary>Returns once the insert of <paramref name="id"/> is committed locally and waits for its synchronous standby.</summary>
    public abstract Task WaitUntilCommitWaitsAsync(IPostgresInstance primary, long id, CancellationToken cancellationToken);

    /// <summary>What the members logged, for a failing test's output.</summary>
    public virtual string Diagnose() => "";

    /// <summary>Asserts that nothing the members started or wrote is left (called after they were disposed).</summary>
    public abstract void AssertNothingLeft();

    public abstract ValueTask DisposeAsync();
}
