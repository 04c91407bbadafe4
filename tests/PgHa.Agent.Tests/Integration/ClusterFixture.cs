using PgHa.Agent.Tests.Support;

namespace PgHa.Agent.Tests.Integration;

/// <summary>Brings an <see cref="AgentCluster"/> to its steady state: a primary, two streaming standbys, one of them the recorded sync standby.</summary>
internal static class ClusterFixture
{
    public static async Task<(AgentCluster Cluster, AgentCluster.Member Primary, AgentCluster.Member Sync, AgentCluster.Member Other)> SteadyAsync(Action<AgentOptions>? configure = null)
    {
        var cluster = await AgentCluster.StartAsync(3, configure);
        var primary = await cluster.WaitForPrimaryAsync();
        foreach (var member in cluster.Members.Where(m => m != primary))
        {
            await cluster.Recorder.WaitAsync(member.Name, AgentEventKind.StartedStandby);
        }

        var changed = await cluster.Recorder.WaitAsync(primary.Name, AgentEventKind.SyncStandbyChanged);
        var sync = cluster.Find(changed.Detail!);
        var other = cluster.Members.Single(m => m != primary && m != sync);
        return (cluster, primary, sync, other);
    }
}
