namespace PgHa.Agent.Tests.Integration;

public sealed class PartitionTests
{
    [Fact]
    public async Task A_leader_cut_off_from_the_API_steps_down_and_stops_PostgreSQL_before_the_sync_standby_takes_over_then_rejoins()
    {
        var (cluster, primary, sync, other) = await ClusterFixture.SteadyAsync();
        await using var _ = cluster;

        cluster.Server.Faults.Partition(primary.Name);
        var steppedDown = await cluster.Recorder.WaitAsync(primary.Name, AgentEventKind.SteppedDown);
        var demoted = await cluster.Recorder.WaitAsync(primary.Name, AgentEventKind.Demoted);
        var acquired = await cluster.Recorder.WaitAsync(sync.Name, AgentEventKind.LockAcquired);
        await cluster.Recorder.WaitAsync(sync.Name, AgentEventKind.Promoted);

        steppedDown.Timestamp.Should().BeLessThan(acquired.Timestamp);
        demoted.Timestamp.Should().BeLessThan(acquired.Timestamp, "the old primary stops accepting writes before its lease can expire for anyone else");
        cluster.Recorder.Has(other.Name, AgentEventKind.LockAcquired).Should().BeFalse();
        cluster.Network.MaxPrimaries.Should().Be(1);

        cluster.Server.Faults.Heal(primary.Name);
        await cluster.Recorder.WaitAsync(e => e.Member == primary.Name && e.Kind == AgentEventKind.StartedStandby && e.Timestamp > demoted.Timestamp, "the old leader to rejoin");
        primary.Instance.Calls.Should().ContainInOrder("Stop(fast)", "Rewind(pg.default.svc:5432)", "Start(follow pg.default.svc:5432)");
        cluster.Recorder.AssertNeverTwoLeaders();
    }
}
