using k8s;
using PgHa.Testing.Tests.Support;
using PgHa.Agent.Tests.Support;

namespace PgHa.Agent.Tests.Integration;

public sealed class SyncStandbyTests
{
    [Fact]
    public async Task The_leader_records_a_sync_standby_only_after_PostgreSQL_confirmed_it_and_clears_the_record_first()
    {
        await using var cluster = await AgentCluster.StartAsync(1);
        var primary = await cluster.WaitForPrimaryAsync();
        await AgentCluster.UntilAsync(async () => (await cluster.Client.CoreV1.ListNamespacedConfigMapAsync(AgentCluster.Namespace)).Items.Any(c => c.Metadata.Name == "pg-sync"), "the leader to claim pg-sync");
        (await cluster.AnnotationsAsync("pg-sync")).Should().Contain("leader", primary.Name).And.Contain("sync_standby", "");

        // The standby will stream, but PostgreSQL does not confirm it as sync until the test says so.
        primary.Instance.ConfirmsSync = false;
        var atSetSync = new TaskCompletionSource<IDictionary<string, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        primary.Instance.BeforeSetSync = async standby =>
        {
            if (standby is not null)
            {
                atSetSync.TrySetResult(await cluster.AnnotationsAsync("pg-sync"));
            }
        };

        var standby = await cluster.AddAsync(1);
        await cluster.Recorder.WaitAsync(standby.Name, AgentEventKind.StartedStandby);
        var before = await atSetSync.Task.WaitAsync(TestTimeouts.Default);
        before["leader"].Should().Be(primary.Name);
        before["sync_standby"].Should().BeEmpty("the record is cleared before PostgreSQL is reconfigured");

        // Configured but unconfirmed: a couple of the leader's loops later it is still not recorded.
        await AgentCluster.UntilAsync(() => Task.FromResult(primary.Instance.SyncStandby == standby.Name), "synchronous_standby_names to name the standby");
        var checks = primary.Instance.Checks;
        await AgentCluster.UntilAsync(() => Task.FromResult(primary.Instance.Checks > checks + 3), "a few more leader loops");
        (await cluster.AnnotationsAsync("pg-sync"))["sync_standby"].Should().BeEmpty("PostgreSQL has not confirmed it");
        cluster.Recorder.Has(primary.Name, AgentEventKind.SyncStandbyChanged).Should().BeFalse();

        primary.Instance.ConfirmsSync = true;
        var changed = await cluster.Recorder.WaitAsync(primary.Name, AgentEventKind.SyncStandbyChanged);
        changed.Detail.Should().Be(standby.Name);
        (await cluster.AnnotationsAsync("pg-sync")).Should().Contain("leader", primary.Name).And.Contain("sync_standby", standby.Name);
    }

    [Fact]
    public async Task When_the_sync_standby_stops_streaming_the_leader_moves_to_a_healthy_one_and_with_none_keeps_it()
    {
        var (cluster, primary, sync, other) = await ClusterFixture.SteadyAsync();
        await using var _ = cluster;

        sync.Instance.Streaming = false;
        var moved = await cluster.Recorder.WaitAsync(e => e.Member == primary.Name && e.Kind == AgentEventKind.SyncStandbyChanged && e.Detail == other.Name, "the sync standby to move");
        moved.Should().NotBeNull();
        primary.Instance.SyncStandby.Should().Be(other.Name);
        (await cluster.AnnotationsAsync("pg-sync"))["sync_standby"].Should().Be(other.Name);

        // No healthy standby at all: the configured one stays configured (commits wait) and stays recorded.
        other.Instance.Streaming = false;
        var checks = primary.Instance.Checks;
        await AgentCluster.UntilAsync(() => Task.FromResult(primary.Instance.Checks > checks + 3), "a few more leader loops");
        primary.Instance.SyncStandby.Should().Be(other.Name);
        (await cluster.AnnotationsAsync("pg-sync"))["sync_standby"].Should().Be(other.Name);
    }
}
