using System.Net;
using Microsoft.Extensions.Logging;
using PgHa.Agent.Postgres;
using PgHa.Agent.Postgres.Local;
using PgHa.Agent.Postgres.Simulated;
using PgHa.Demo.Load;

namespace PgHa.Demo.Cluster;

/// <summary>What the members run: real PostgreSQL 15 processes, or the simulated stand-in when PostgreSQL is missing.</summary>
internal abstract class MemberKind
{
    /// <summary>One line for the user: what runs, and where it was found.</summary>
    public abstract string Description { get; }

    public abstract IPostgresInstance Create(string name, IPAddress address, int port, string directory, ILoggerFactory logs);

    /// <summary>A client that talks to the master Service's address.</summary>
    public abstract IDatabaseClient CreateClient(IPEndPoint service);

    /// <summary>Real PostgreSQL when it is installed (and not refused by --simulate); <paramref name="why"/> explains a simulation.</summary>
    public static MemberKind Choose(DemoSettings settings, out string? why)
    {
        if (settings.Simulate)
        {
            why = null;
            return new Simulated("Members: SIMULATED (--simulate): in-memory stand-ins for PostgreSQL, with streaming and synchronous replication over TCP.");
        }

        if (PostgresBinaries.Find(out var missing) is { } binaries)
        {
            why = null;
            return new Real(binaries);
        }

        why = $"""
            PostgreSQL 15 was not found ({missing}), so the members are SIMULATED: in-memory stand-ins with streaming
            and synchronous replication over TCP; election, routing and the timelines are the real thing.
            For real PostgreSQL: sudo apt-get install postgresql-15 (./demo.sh does it when run as root), then run the demo again.
            """;
        return new Simulated("Members: SIMULATED PostgreSQL.");
    }

    private sealed class Real(PostgresBinaries binaries) : MemberKind
    {
        private readonly string _marker = PostgresProcesses.NewMarker();

        public override string Description =>
            $"Members: three real PostgreSQL 15 servers ({binaries.Directory}) on loopback: initdb, pg_basebackup, streaming replication.";

        public override IPostgresInstance Create(string name, IPAddress address, int port, string directory, ILoggerFactory logs) =>
            new LocalPostgres(name, address.ToString(), port, directory, binaries, logs.CreateLogger<LocalPostgres>(), _marker);

        public override IDatabaseClient CreateClient(IPEndPoint service) => new NpgsqlDatabaseClient(service);
    }

    private sealed class Simulated(string description) : MemberKind
    {
        public override string Description => description;

        public override IPostgresInstance Create(string name, IPAddress address, int port, string directory, ILoggerFactory logs) =>
            new SimulatedPostgres(name, address.ToString(), port);

        public override IDatabaseClient CreateClient(IPEndPoint service) => new SimulatedDatabaseClient(service);
    }
}
