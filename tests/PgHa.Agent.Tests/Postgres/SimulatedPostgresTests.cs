using Xunit.Abstractions;

namespace PgHa.Agent.Tests.Postgres;

public sealed class SimulatedPostgresTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Bootstrap_sync_replication_failover_and_rewind_simulated()
    {
        var driver = new SimulatedMemberDriver(output);
        await using (driver)
        {
            await FailoverScenario.RunAsync(driver, output);
        }

        driver.AssertNothingLeft();
    }
}
