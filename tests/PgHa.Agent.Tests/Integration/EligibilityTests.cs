using PgHa.Agent.Tests.Support;

namespace PgHa.Agent.Tests.Integration;

public sealed class EligibilityTests
{
    [Fact]
    public async Task A_standby_lagging_beyond_maximum_lag_on_failover_refuses_the_lock_until_it_catches_up()
    {
        // Asynchronous mode, so that only the lag rule stands between the standby and the lock.
        await using var cluster = await AgentCluster.StartAsync(1, o => o.SynchronousMode = false);
        var primary = await cluster.WaitForPrimaryAsync();
        var standby = await cluster.AddAsync(1, o => o.SynchronousMode = false);
        await cluster.Recorder.WaitAsync(standby.Name, AgentEventKind.StartedStandby);

        standby.Instance.Lag = 4 * 1_048_576;
        primary.Instance.Write(8 * 1_048_576);
        await AgentCluster.UntilAsync(async () => (await cluster.LockAsync()).TryGetValue("optime", out var optime) && long.Parse(optime, System.Globalization.CultureInfo.InvariantCulture) >= primary.Instance.Position,
            "the leader to publish its optime");

        await primary.StopAsync();
        var refused = await cluster.Recorder.WaitAsync(e => e.Member == standby.Name && e.Kind == AgentEventKind.LeadershipRefused && e.Detail!.Contains("lagging", StringComparison.Ordinal), "the standby to refuse the lock");
        refused.Detail.Should().Contain("maximum 1048576");
        standby.Agent.IsLeader.Should().BeFalse();
        (await cluster.LockAsync()).GetValueOrDefault("leader").Should().BeNullOrEmpty();

        // Caught up (the WAL arrived), it may lead.
        standby.Instance.Receive(primary.Instance.Position);
        await cluster.Recorder.WaitAsync(standby.Name, AgentEventKind.LockAcquired);
        cluster.Recorder.AssertNeverTwoLeaders();
    }
}
