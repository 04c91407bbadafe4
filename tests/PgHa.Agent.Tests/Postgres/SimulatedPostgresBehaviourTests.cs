using PgHa.Agent.Postgres;
using PgHa.Agent.Postgres.Simulated;
using PgHa.Testing.Tests.Support;

namespace PgHa.Agent.Tests.Postgres;

public sealed class SimulatedPostgresBehaviourTests : IAsyncLifetime
{
    private readonly RecordingLogger _primaryLog = new();
    private readonly SimulatedPostgres _primary;
    private readonly SimulatedPostgres _standby;

    public SimulatedPostgresBehaviourTests()
    {
        var (first, second, port) = PostgresTestEnvironment.LoopbackPair();
        _primary = new SimulatedPostgres("member-a", first, port, _primaryLog);
        _standby = new SimulatedPostgres("member-b", second, port);
    }

    private PrimaryAddress PrimaryAddress => new(_primary.Host, _primary.Port);

    public async Task InitializeAsync()
    {
        await _primary.InitializeAsync(TestTimeouts.Token());
        await _primary.StartAsync(follow: null, TestTimeouts.Token());
    }

    public async Task DisposeAsync()
    {
        await _primary.DisposeAsync();
        await _standby.DisposeAsync();
    }

    [Fact]
    public async Task A_kill_closes_every_connection_at_once_and_keeps_the_data()
    {
        await using var idle = await SimulatedDatabaseConnection.ConnectAsync(_primary.Host, _primary.Port, TestTimeouts.Token());
        await idle.InsertAsync(1, TestTimeouts.Token());
        await _primary.SetSynchronousStandbyAsync("nobody", TestTimeouts.Token());
        await using var waiter = await SimulatedDatabaseConnection.ConnectAsync(_primary.Host, _primary.Port, TestTimeouts.Token());
        var waiting = waiter.InsertAsync(2, TestTimeouts.Token());
        await Eventually.WaitAsync(() => Task.FromResult(_primary.Rows.Contains(2)), held => held, "row 2 is committed locally", TestTimeouts.Token());

        _primary.Kill();

        await waiting.Invoking(w => w).Should().ThrowAsync<IOException>("the commit was never acknowledged");
        await idle.Invoking(c => c.SelectAsync(TestTimeouts.Token())).Should().ThrowAsync<IOException>();
        (await _primary.CheckAsync(TestTimeouts.Token())).Should().BeEquivalentTo(new { Running = false, Error = "killed" });
        _primary.HasData.Should().BeTrue();
        _primary.Rows.Should().Equal(1, 2);
        await FluentActions.Awaiting(() => SimulatedDatabaseConnection.ConnectAsync(_primary.Host, _primary.Port, TestTimeouts.Token()))
            .Should().ThrowAsync<System.Net.Sockets.SocketException>("nothing listens any more");
    }

    [Fact]
    public async Task Clearing_the_synchronous_standby_releases_a_waiting_commit()
    {
        await _primary.SetSynchronousStandbyAsync("nobody", TestTimeouts.Token());
        await using var connection = await SimulatedDatabaseConnection.ConnectAsync(_primary.Host, _primary.Port, TestTimeouts.Token());
        var waiting = connection.InsertAsync(1, TestTimeouts.Token());
        await Eventually.WaitAsync(() => Task.FromResult(_primary.Rows.Contains(1)), held => held, "row 1 is committed locally", TestTimeouts.Token());
        waiting.IsCompleted.Should().BeFalse();

        await _primary.SetSynchronousStandbyAsync(null, TestTimeouts.Token());

        await waiting.WaitAsync(TestTimeouts.Token());
    }

    [Fact]
    public async Task A_standby_reconnects_when_its_primary_comes_back()
    {
        await _standby.CloneAsync(_primary.Host, _primary.Port, TestTimeouts.Token());
        await _standby.StartAsync(PrimaryAddress, TestTimeouts.Token());
        await Eventually.StatusAsync(_primary, s => s.Standbys.Any(x => x.State == "streaming"), "the standby streams", TestTimeouts.Token());

        _primary.Kill();
        await _primary.StartAsync(follow: null, TestTimeouts.Token());
        await using (var connection = await SimulatedDatabaseConnection.ConnectAsync(_primary.Host, _primary.Port, TestTimeouts.Token()))
        {
            await connection.InsertAsync(5, TestTimeouts.Token());
        }

        await Eventually.WaitAsync(() => Task.FromResult(_standby.Rows), rows => rows.Contains(5), "the standby receives row 5", TestTimeouts.Token());
        var standby = await _standby.CheckAsync(TestTimeouts.Token());
        standby.Should().BeEquivalentTo(new { Running = true, InRecovery = true, Timeline = 1 });
        _standby.PostmasterPid.Should().BeNull();
    }

    [Fact]
    public async Task A_former_primary_that_was_not_rewound_may_not_stream()
    {
        await _standby.CloneAsync(_primary.Host, _primary.Port, TestTimeouts.Token());
        await using (var connection = await SimulatedDatabaseConnection.ConnectAsync(_primary.Host, _primary.Port, TestTimeouts.Token()))
        {
            await connection.InsertAsync(1, TestTimeouts.Token());
        }

        // The clone becomes a primary of its own (a new timeline) without row 1; the old primary then tries to follow it.
        await _standby.StartAsync(follow: null, TestTimeouts.Token());
        await _standby.PromoteAsync(TestTimeouts.Token());
        await _primary.StopAsync(immediate: false, TestTimeouts.Token());
        await _primary.StartAsync(new PrimaryAddress(_standby.Host, _standby.Port), TestTimeouts.Token());
        await using (var connection = await SimulatedDatabaseConnection.ConnectAsync(_standby.Host, _standby.Port, TestTimeouts.Token()))
        {
            await connection.InsertAsync(2, TestTimeouts.Token());
        }

        // Its WAL receiver asks again every 200 ms and is refused each time; a rewind makes it fit.
        await Eventually.WaitAsync(() => Task.FromResult(_primaryLog.Messages), log => log.Any(m => m.Contains("needs a rewind", StringComparison.Ordinal)), "the old primary is refused", TestTimeouts.Token());
        (await _standby.CheckAsync(TestTimeouts.Token())).Standbys.Should().BeEmpty();
        _primary.Rows.Should().Equal(1);
        await _primary.StopAsync(immediate: false, TestTimeouts.Token());
        (await _primary.RewindAsync(new PrimaryAddress(_standby.Host, _standby.Port), TestTimeouts.Token())).Should().BeTrue();
        await _primary.StartAsync(new PrimaryAddress(_standby.Host, _standby.Port), TestTimeouts.Token());
        await Eventually.WaitAsync(() => Task.FromResult(_primary.Rows), rows => rows.Contains(2), "the rewound member receives row 2", TestTimeouts.Token());
        _primary.Rows.Should().Equal(2);
    }

    [Fact]
    public async Task Operations_that_need_a_stopped_or_running_member_say_so()
    {
        await _primary.Invoking(p => p.StartAsync(null, TestTimeouts.Token())).Should().ThrowAsync<InvalidOperationException>();
        await _primary.Invoking(p => p.CloneAsync("127.0.0.1", 1, TestTimeouts.Token())).Should().ThrowAsync<InvalidOperationException>();
        (await _primary.RewindAsync(PrimaryAddress, TestTimeouts.Token())).Should().BeFalse("a running member cannot be rewound");
        await _standby.Invoking(s => s.StartAsync(null, TestTimeouts.Token())).Should().ThrowAsync<InvalidOperationException>("it has no data");
        await _standby.Invoking(s => s.PromoteAsync(TestTimeouts.Token())).Should().ThrowAsync<InvalidOperationException>();
        await _standby.Invoking(s => s.CloneAsync(_standby.Host, _standby.Port, TestTimeouts.Token())).Should().ThrowAsync<System.Net.Sockets.SocketException>("nothing listens there");
        _standby.HasData.Should().BeFalse();
        (await _standby.CheckAsync(TestTimeouts.Token())).Should().BeEquivalentTo(new { Running = false, Error = "not running" });
    }
}
