using System.Net;
using System.Net.Sockets;
using Npgsql;
using PgHa.Agent.Postgres;
using PgHa.Agent.Postgres.Local;
using PgHa.Testing.Tests.Support;
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

    [SkippableFact]
    public async Task A_killed_primary_restarts_with_its_committed_rows_and_failures_are_reported()
    {
        var driver = new LocalMemberDriver(PostgresTestEnvironment.RequireOrSkip(), output);
        await using (driver)
        {
            var (host, otherHost, port) = PostgresTestEnvironment.LoopbackPair();
            var member = (LocalPostgres)driver.Create("member-a", host, port);
            var other = driver.Create("member-b", otherHost, port);
            (await member.CheckAsync(TestTimeouts.Token())).Should().BeEquivalentTo(new { Running = false, Error = "not running" });
            await member.InitializeAsync(TestTimeouts.Token());
            await member.Invoking(m => m.InitializeAsync(TestTimeouts.Token())).Should().ThrowAsync<InvalidOperationException>("it has a database already");

            // Another program holds the port: the start fails and says why, from the server's log.
            using (var squatter = new TcpListener(IPAddress.Parse(host), port))
            {
                squatter.Start();
                (await member.Invoking(m => m.StartAsync(null, TestTimeouts.Token())).Should().ThrowAsync<InvalidOperationException>())
                    .Which.Message.Should().Contain("could not bind");
                member.PostmasterPid.Should().BeNull();
            }

            await member.StartAsync(null, TestTimeouts.Token());
            await member.Invoking(m => m.StartAsync(null, TestTimeouts.Token())).Should().ThrowAsync<InvalidOperationException>("it runs already");
            await driver.PrepareAsync(member, TestTimeouts.Token());
            await driver.InsertAsync(member, 1, TestTimeouts.Token());
            var pid = member.PostmasterPid!.Value;

            // A crash (SIGKILL to the postmaster): down at once; a restart recovers the committed row.
            member.Kill();
            member.PostmasterPid.Should().BeNull();
            (await member.CheckAsync(TestTimeouts.Token())).Error.Should().Contain($"postmaster {pid} exited");
            await member.StartAsync(null, TestTimeouts.Token());
            (await driver.SelectAsync(member, TestTimeouts.Token())).Should().Equal(1);
            await using (var connection = new NpgsqlConnection(member.ConnectionString))
            {
                await connection.OpenAsync(TestTimeouts.Token());
                await using var show = new NpgsqlCommand("show listen_addresses", connection);
                (await show.ExecuteScalarAsync(TestTimeouts.Token())).Should().Be(host);
            }

            // Nothing to clone from, nothing to rewind from: a clone throws and leaves no data; a rewind says false.
            await other.Invoking(o => o.CloneAsync(otherHost, port, TestTimeouts.Token())).Should().ThrowAsync<InvalidOperationException>();
            other.HasData.Should().BeFalse();
            (await member.RewindAsync(new PrimaryAddress(otherHost, port), TestTimeouts.Token())).Should().BeFalse("it is running");
            await member.StopAsync(immediate: false, TestTimeouts.Token());
            (await member.CheckAsync(TestTimeouts.Token())).Should().BeEquivalentTo(new { Running = false, Error = "not running" });
            (await member.RewindAsync(new PrimaryAddress(otherHost, port), TestTimeouts.Token())).Should().BeFalse("nothing listens there");
            member.HasData.Should().BeTrue();
        }

        driver.AssertNothingLeft();
    }
}
