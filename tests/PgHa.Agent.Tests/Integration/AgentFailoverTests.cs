using PgHa.Agent.Tests.Postgres;
using Xunit.Abstractions;

namespace PgHa.Agent.Tests.Integration;

/// <summary>The agent's failover scenario over the simulated members and over real PostgreSQL 15 processes.</summary>
[Collection(PostgresServers.Name)]
public sealed class AgentFailoverTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_agents_over_SimulatedPostgres_keep_every_acknowledged_write_across_a_failover()
    {
        var driver = new SimulatedMemberDriver(output);
        await using (driver)
        {
            await AgentFailoverScenario.RunAsync(driver, output, TimeSpan.FromSeconds(30));
        }

        driver.AssertNothingLeft();
    }

    [SkippableFact]
    public async Task Three_agents_over_real_PostgreSQL_keep_every_acknowledged_write_across_a_failover()
    {
        var binaries = PostgresTestEnvironment.RequireOrSkip();
        var driver = new LocalMemberDriver(binaries, output);
        await using (driver)
        {
            await AgentFailoverScenario.RunAsync(driver, output, TimeSpan.FromSeconds(60));
        }

        driver.AssertNothingLeft();
    }
}
