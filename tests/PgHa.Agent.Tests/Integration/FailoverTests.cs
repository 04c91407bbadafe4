using System.Diagnostics;
using PgHa.Agent.Tests.Support;
using PgHa.Testing.Tests.Support;

namespace PgHa.Agent.Tests.Integration;

public sealed class FailoverTests
{
    [Fact]
    public async Task A_dead_postmaster_with_ReleaseLock_releases_at_once_the_sync_standby_alone_takes_over_and_the_old_leader_rejoins()
    {
        var (cluster, primary, sync, other) = await ClusterFixture.SteadyAsync(o => o.PostmasterFailurePolicy = PostmasterFailurePolicy.ReleaseLock);
        await using var _ = cluster;

        var killedAt = Stopwatch.GetTimestamp();
        primary.Instance.Kill();
        await cluster.Recorder.WaitAsync(primary.Name, AgentEventKind.PostmasterDied);
        var released = await cluster.Recorder.WaitAsync(primary.Name, AgentEventKind.LockReleased);
        var acquired = await cluster.Recorder.WaitAsync(sync.Name, AgentEventKind.LockAcquired);
        var promoted = await cluster.Recorder.WaitAsync(sync.Name, AgentEventKind.Promoted);
        Stopwatch.GetElapsedTime(killedAt, released.Timestamp).Should().BeLessThan(TimeSpan.FromSeconds(1), "the death is noticed at the next health check");
        Stopwatch.GetElapsedTime(released.Timestamp, acquired.Timestamp).Should().BeLessThan(TimeSpan.FromSeconds(1), "the lock is released in one write and taken at once, not after its ttl (3 s)");
        Stopwatch.GetElapsedTime(killedAt, promoted.Timestamp).Should().BeLessThan(TimeSpan.FromSeconds(2));

        // The old leader rewinds from the new primary through the master Service and follows it.
        await cluster.Recorder.WaitAsync(e => e.Member == primary.Name && e.Kind == AgentEventKind.StartedStandby && e.Timestamp > released.Timestamp, "the old leader to rejoin");
        primary.Instance.Calls.Should().ContainInOrder("Rewind(pg.default.svc:5432)", "Start(follow pg.default.svc:5432)");
        primary.Agent.Role.Should().Be(AgentRoles.Replica);
        sync.Agent.IsLeader.Should().BeTrue();
        other.Instance.Calls.Should().NotContain("Promote", "only the sync standby may take over");
        cluster.Recorder.Has(other.Name, AgentEventKind.LockAcquired).Should().BeFalse();

        // The new leader makes one of the others its sync standby; the pods follow the roles.
        await cluster.Recorder.WaitAsync(sync.Name, AgentEventKind.SyncStandbyChanged);
        await AgentCluster.UntilAsync(async () => (await cluster.PodAsync(sync.Name)).Metadata.Labels["spilo-role"] == "master" &&
            (await cluster.PodAsync(primary.Name)).Metadata.Labels["spilo-role"] == "replica", "the role labels to follow");
        AgentCluster.Status(await cluster.PodAsync(sync.Name)).GetProperty("timeline").GetInt32().Should().Be(2);
        cluster.Recorder.AssertNeverTwoLeaders();
        cluster.Network.MaxPrimaries.Should().Be(1);
    }

    [Fact]
    public async Task A_crashed_leader_keeps_the_lock_until_the_ttl_expires_then_the_sync_standby_takes_over()
    {
        var (cluster, primary, sync, other) = await ClusterFixture.SteadyAsync();
        await using var _ = cluster;

        var crashedAt = Stopwatch.GetTimestamp();
        await primary.Agent.CrashAsync();
        primary.Instance.Kills.Should().Be(1);
        (await cluster.LockAsync())["leader"].Should().Be(primary.Name, "a crash releases nothing");

        var acquired = await cluster.Recorder.WaitAsync(sync.Name, AgentEventKind.LockAcquired);
        await cluster.Recorder.WaitAsync(sync.Name, AgentEventKind.Promoted);
        Stopwatch.GetElapsedTime(crashedAt, acquired.Timestamp).Should().BeGreaterThan(TimeSpan.FromSeconds(2), "the lock expires only after its ttl (3 s, less the time since the last renew)");
        cluster.Recorder.Has(other.Name, AgentEventKind.LockAcquired).Should().BeFalse();
        cluster.Recorder.Has(primary.Name, AgentEventKind.LockReleased).Should().BeFalse();
        cluster.Server.RequestLog.Snapshot().Where(r => r.Client == primary.Name && r.Timestamp > DateTimeOffset.UtcNow.AddSeconds(-1)).Should().BeEmpty("a crashed agent makes no more API calls");
        cluster.Recorder.AssertNeverTwoLeaders();
    }

    [Fact]
    public async Task A_crashed_leader_restarted_on_its_old_data_rewinds_from_the_new_leader_before_it_follows()
    {
        var (cluster, primary, sync, _) = await ClusterFixture.SteadyAsync();
        await using var _ = cluster;
        await primary.Agent.CrashAsync();
        await cluster.Recorder.WaitAsync(sync.Name, AgentEventKind.Promoted);
        var before = primary.Instance.Calls.Count;

        var restarted = cluster.Restart(primary);
        var startedAt = Stopwatch.GetTimestamp();
        await cluster.Recorder.WaitAsync(e => e.Member == primary.Name && e.Kind == AgentEventKind.StartedStandby && e.Timestamp > startedAt, "the restarted member to follow");

        restarted.Instance.Calls.Skip(before).Should().ContainInOrder(["Rewind(pg.default.svc:5432)", "Start(follow pg.default.svc:5432)"],
            "data from before the crash may be a primary's that diverged from the new leader's");
        restarted.Agent.Role.Should().Be(AgentRoles.Replica);
        sync.Agent.IsLeader.Should().BeTrue();
        cluster.Recorder.AssertNeverTwoLeaders();
    }

    [Fact]
    public async Task A_graceful_stop_stops_PostgreSQL_then_releases_in_about_one_round_trip()
    {
        var (cluster, primary, sync, other) = await ClusterFixture.SteadyAsync();
        await using var _ = cluster;

        var stoppingAt = Stopwatch.GetTimestamp();
        await primary.StopAsync();
        var stoppedIn = Stopwatch.GetElapsedTime(stoppingAt);
        stoppedIn.Should().BeLessThan(TimeSpan.FromSeconds(1), "stopping is one PostgreSQL stop and one lock write");
        primary.Instance.Calls[^1].Should().Be("Stop(fast)");
        primary.Instance.Running.Should().BeFalse();
        (await cluster.LockAsync()).GetValueOrDefault("leader").Should().NotBe(primary.Name);

        var acquired = await cluster.Recorder.WaitAsync(sync.Name, AgentEventKind.LockAcquired);
        Stopwatch.GetElapsedTime(stoppingAt, acquired.Timestamp).Should().BeLessThan(TimeSpan.FromSeconds(1.5), "the sync standby takes a released lock at once");
        await cluster.Recorder.WaitAsync(sync.Name, AgentEventKind.Promoted);
        cluster.Recorder.Has(other.Name, AgentEventKind.LockAcquired).Should().BeFalse();
        cluster.Recorder.AssertNeverTwoLeaders();
        cluster.Network.MaxPrimaries.Should().Be(1);
    }

    [Fact]
    public async Task A_switchover_hands_the_lock_to_the_sync_standby_and_the_old_leader_rejoins_as_a_replica()
    {
        var (cluster, primary, sync, other) = await ClusterFixture.SteadyAsync();
        await using var _ = cluster;

        await primary.Agent.SwitchoverAsync(TestTimeouts.Token());
        primary.Agent.IsLeader.Should().BeFalse();
        await cluster.Recorder.WaitAsync(sync.Name, AgentEventKind.Promoted);
        var demoted = cluster.Recorder.Of(primary.Name).Single(e => e.Kind == AgentEventKind.Demoted);
        var released = cluster.Recorder.Of(primary.Name).Single(e => e.Kind == AgentEventKind.LockReleased);
        demoted.Timestamp.Should().BeLessThan(released.Timestamp, "PostgreSQL is stopped before the lock is released");

        await cluster.Recorder.WaitAsync(e => e.Member == primary.Name && e.Kind == AgentEventKind.StartedStandby && e.Timestamp > released.Timestamp, "the old leader to rejoin");
        primary.Agent.Role.Should().Be(AgentRoles.Replica);
        primary.Instance.Calls.Should().ContainInOrder("Stop(fast)", "Rewind(pg.default.svc:5432)", "Start(follow pg.default.svc:5432)");
        other.Instance.Calls.Should().NotContain("Promote");
        cluster.Recorder.AssertNeverTwoLeaders();
        cluster.Network.MaxPrimaries.Should().Be(1);
    }

    [Fact]
    public async Task A_switchover_from_a_replica_is_refused()
    {
        var (cluster, _, sync, _) = await ClusterFixture.SteadyAsync();
        await using var __ = cluster;

        await sync.Agent.Invoking(a => a.SwitchoverAsync(TestTimeouts.Token())).Should().ThrowAsync<InvalidOperationException>();
    }

    [Fact]
    public async Task A_switchover_without_a_standby_to_take_over_is_refused_and_the_leader_keeps_running()
    {
        await using var cluster = await AgentCluster.StartAsync(1);
        var primary = await cluster.WaitForPrimaryAsync();

        await primary.Agent.Invoking(a => a.SwitchoverAsync(TestTimeouts.Token())).Should().ThrowAsync<InvalidOperationException>().WithMessage("*synchronous standby*");
        primary.Agent.IsLeader.Should().BeTrue();
        primary.Instance.Running.Should().BeTrue();
        primary.Instance.Calls.Should().NotContain("Stop(fast)");
    }

    [Fact]
    public async Task With_RestartFirst_the_leader_restarts_its_dead_PostgreSQL_and_keeps_the_lock()
    {
        var (cluster, primary, sync, other) = await ClusterFixture.SteadyAsync(o => o.PostmasterFailurePolicy = PostmasterFailurePolicy.RestartFirst);
        await using var _ = cluster;
        var term = (await cluster.LockAsync())["transitions"];

        primary.Instance.Kill();
        await cluster.Recorder.WaitAsync(primary.Name, AgentEventKind.PostmasterDied);
        await cluster.Recorder.WaitAsync(primary.Name, AgentEventKind.Restarted);
        primary.Instance.Running.Should().BeTrue();
        primary.Instance.InRecovery.Should().BeFalse();
        primary.Instance.Calls.Where(c => c == "Start(primary)").Should().HaveCount(2);
        primary.Agent.IsLeader.Should().BeTrue();
        var record = await cluster.LockAsync();
        record["leader"].Should().Be(primary.Name);
        record["transitions"].Should().Be(term, "the same leadership continues");
        cluster.Recorder.Has(primary.Name, AgentEventKind.LockReleased).Should().BeFalse();
        cluster.Recorder.Has(sync.Name, AgentEventKind.LockAcquired).Should().BeFalse();
        cluster.Recorder.Has(other.Name, AgentEventKind.LockAcquired).Should().BeFalse();
    }
}
