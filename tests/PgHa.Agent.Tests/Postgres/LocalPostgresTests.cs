using Xunit.Abstractions;

namespace PgHa.Agent.Tests.Postgres;

[Collection(PostgresServers.Name)]
public sealed class LocalPostgresTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Bootstrap_sync_replication_failover_and_rewind_with_real_PostgreSQL()
    {
        var driver = new LocalMemberDriver(PostgresTestEnvironment.RequireOrSkip(), output);
        await using (driver)
        {
            try
            {
                await FailoverScenario.RunAsync(driver, output);
            }
            catch
            {
                output.WriteLine(driver.Diagnose());
                throw;
            }
        }

        driver.AssertNothingLeft();
    }
}
