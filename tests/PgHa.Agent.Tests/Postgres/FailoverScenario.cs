using System.Diagnostics;
using PgHa.Agent.Postgres;
using PgHa.Testing.Tests.Support;
using Xunit.Abstractions;

namespace PgHa.Agent.Tests.Postgres;

/// <summary>
/// One member's life cycle as the agent drives it, for both kinds of member: bootstrap a primary, clone and stream a
/// standby, make it synchronous (an acknowledged commit is on the standby), lose the primary with a row the standby
/// never got, promote the standby (a new timeline, writable), rewind the old primary (the lost row goes) and make it
/// follow the new one. Step timings go to the test output.
/// </summary>
internal static class FailoverScenario
{
    public static async Task RunAsync(MemberDriver driver, ITestOutputHelper output)
    {
        var (firstHost, secondHost, port) = PostgresTestEnvironment.LoopbackPair();
        var a = driver.Create("member-a", firstHost, port);
        var b = driver.Create("member-b", secondHost, port);
        var clock = Stopwatch.StartNew();
        void Step(string what) => output.WriteLine($"{clock.Elapsed.TotalMilliseconds,8:F0} ms  {what}");

        // Bootstrap: a primary, and a standby cloned from it and streaming.
        a.HasData.Should().BeFalse();
        (await a.InitializeAsync(TestTimeouts.Token())).Should().NotBeNullOrWhiteSpace();
        a.HasData.Should().BeTrue();
        Step("a initialised");
        await a.StartAsync(follow: null, TestTimeouts.Token());
        (a.PostmasterPid is not null).Should().Be(driver.HasPostmaster);
        await driver.PrepareAsync(a, TestTimeouts.Token());
        Step("a started as primary");
        await b.CloneAsync(a.Host, a.Port, TestTimeouts.Token());
        b.HasData.Should().BeTrue();
        Step("b cloned");
        await b.StartAsync(new PrimaryAddress(a.Host, a.Port), TestTimeouts.Token());
        await Eventually.StatusAsync(a, s => s.Standbys.Any(x => x.Name == b.Name && x.State == "streaming"), "b streams", TestTimeouts.Token());
        Step("b started and streaming");
        await driver.Invoking(d => d.InsertAsync(b, 999, TestTimeouts.Token())).Should().ThrowAsync<Exception>("a standby is read-only");

        // Synchronous: with its standby gone, a commit waits; it is acknowledged once the standby is back and holds it.
        await a.SetSynchronousStandbyAsync(b.Name, TestTimeouts.Token());
        await Eventually.StatusAsync(a, s => s.Standbys.Any(x => x.Name == b.Name && x.SyncState == "sync"), "b is synchronous", TestTimeouts.Token());
        Step("b synchronous");
        await b.StopAsync(immediate: false, TestTimeouts.Token());
        var waiting = driver.InsertAsync(a, 1, TestTimeouts.Token());
        await driver.WaitUntilCommitWaitsAsync(a, 1, TestTimeouts.Token());
        waiting.IsCompleted.Should().BeFalse("no synchronous standby holds row 1 yet");
        await b.StartAsync(new PrimaryAddress(a.Host, a.Port), TestTimeouts.Token());
        await waiting.WaitAsync(TestTimeouts.Token());
        Step("a commit waited for the synchronous standby's return");
        for (var id = 2; id <= 5; id++)
        {
            await driver.InsertAsync(a, id, TestTimeouts.Token());
        }

        var primary = await a.CheckAsync(TestTimeouts.Token());
        primary.Should().BeEquivalentTo(new { Running = true, InRecovery = false, Timeline = 1, Error = (string?)null });
        primary.WalPosition.Should().BePositive().And.Be(primary.ReplayPosition);
        primary.Standbys.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Name = b.Name, State = "streaming", SyncState = "sync" });
        var standby = await Eventually.StatusAsync(b, s => s.ReplayPosition >= primary.WalPosition, "b replayed the acknowledged rows", TestTimeouts.Token());
        standby.Should().BeEquivalentTo(new { Running = true, InRecovery = true, Timeline = 1 });
        standby.WalPosition.Should().BeGreaterThanOrEqualTo(primary.WalPosition!.Value);
        (await driver.SelectAsync(b, TestTimeouts.Token())).Should().Equal(1, 2, 3, 4, 5);

        // The primary writes row 6 while its standby is away (asynchronously), then dies.
        await b.StopAsync(immediate: false, TestTimeouts.Token());
        await a.SetSynchronousStandbyAsync(null, TestTimeouts.Token());
        await driver.InsertAsync(a, 6, TestTimeouts.Token());
        a.Kill();
        var killed = Stopwatch.StartNew();
        var down = await Eventually.StatusAsync(a, s => !s.Running, "a is reported down", TestTimeouts.Token());
        Step($"a killed; reported down after {killed.Elapsed.TotalMilliseconds:F0} ms ({down.Error})");
        down.Error.Should().NotBeNullOrEmpty();
        a.PostmasterPid.Should().BeNull();

        // Failover: the standby (whose primary is gone) is promoted onto a new timeline and takes writes.
        await b.StartAsync(new PrimaryAddress(a.Host, a.Port), TestTimeouts.Token());
        var promoting = Stopwatch.StartNew();
        await b.PromoteAsync(TestTimeouts.Token());
        Step($"b promoted in {promoting.Elapsed.TotalMilliseconds:F0} ms");
        var promoted = await b.CheckAsync(TestTimeouts.Token());
        promoted.Should().BeEquivalentTo(new { Running = true, InRecovery = false, Timeline = 2 });
        await driver.InsertAsync(b, 7, TestTimeouts.Token());
        (await driver.SelectAsync(b, TestTimeouts.Token())).Should().Equal(1, 2, 3, 4, 5, 7);

        // Rewind: the old primary drops row 6, which the new primary never had, and follows it.
        var source = new PrimaryAddress(b.Host, b.Port);
        var rewinding = Stopwatch.StartNew();
        (await a.RewindAsync(source, TestTimeouts.Token())).Should().BeTrue();
        Step($"a rewound in {rewinding.Elapsed.TotalMilliseconds:F0} ms");
        await a.StartAsync(source, TestTimeouts.Token());
        await Eventually.StatusAsync(b, s => s.Standbys.Any(x => x.Name == a.Name && x.State == "streaming"), "a streams from b", TestTimeouts.Token());
        var rows = await Eventually.WaitAsync(() => driver.SelectAsync(a, TestTimeouts.Token()), r => r.Contains(7), "a holds row 7", TestTimeouts.Token());
        rows.Should().Equal(1, 2, 3, 4, 5, 7);
        (await a.CheckAsync(TestTimeouts.Token())).Should().BeEquivalentTo(new { Running = true, InRecovery = true, Timeline = 2 });
        Step("a follows b on timeline 2");

        await a.StopAsync(immediate: false, TestTimeouts.Token());
        await b.StopAsync(immediate: true, TestTimeouts.Token());
        (await b.CheckAsync(TestTimeouts.Token())).Running.Should().BeFalse();
        Step("both stopped");
    }
}
