using Microsoft.Extensions.Logging;
using PgHa.Agent.Postgres;
using PgHa.Agent.Postgres.Local;
using PgHa.Agent.Postgres.Simulated;

namespace PgHa.Agent.Hosting;

/// <summary>Chooses the member's PostgreSQL: real PostgreSQL 15 processes, or the simulated stand-in when asked for (or when PostgreSQL is missing and simulation was allowed).</summary>
internal static class PostgresInstanceFactory
{
    public static IPostgresInstance Create(AgentSettings settings, ILoggerFactory loggerFactory, out string description)
    {
        var name = settings.Options.PodName;
        if (!settings.Simulated)
        {
            var binaries = PostgresBinaries.Find(out var missing)
                ?? throw new InvalidOperationException($"PostgreSQL 15 is not available ({missing}); install it, set {PostgresBinaries.DirectoryVariable}, or pass --simulated.");
            description = $"PostgreSQL from {binaries.Directory} in {settings.Directory}, running as {binaries.RunAsUser}";
            return new LocalPostgres(name, settings.Host, settings.Port, settings.Directory, binaries, loggerFactory.CreateLogger<LocalPostgres>());
        }

        description = "a simulated PostgreSQL (in memory)";
        return new SimulatedPostgres(name, settings.Host, settings.Port, loggerFactory.CreateLogger<SimulatedPostgres>());
    }
}
