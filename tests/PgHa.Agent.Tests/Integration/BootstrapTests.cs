using PgHa.Agent.Tests.Support;
using PgHa.Election.Eligibility;

namespace PgHa.Agent.Tests.Integration;

public sealed class BootstrapTests
{
    [Fact]
    public async Task One_member_bootstraps_the_others_clone_from_the_master_service_and_follow_it()
    {
        var (cluster, primary, sync, other) = await ClusterFixture.SteadyAsync();
        await using var _ = cluster;

        (await cluster.AnnotationsAsync("pg-config"))["initialize"].Should().Be(FakePostgres.SystemId);
        primary.Instance.Calls.Should().StartWith(["Initialize", "Start(primary)"]);
        cluster.Recorder.Events.Count(e => e.Kind == AgentEventKind.Bootstrapped).Should().Be(1);
        foreach (var standby in new[] { sync, other })
        {
            standby.Instance.Calls.Should().ContainInOrder("Clone(pg.default.svc:5432)", "Start(follow pg.default.svc:5432)");
            standby.Instance.Calls.Should().NotContain("Initialize");
            standby.Agent.Role.Should().Be(AgentRoles.Replica);
            standby.Agent.IsLeader.Should().BeFalse();
        }

        primary.Agent.Role.Should().Be(AgentRoles.Master);
        primary.Agent.IsLeader.Should().BeTrue();
        (await cluster.LockAsync())["leader"].Should().Be(primary.Name);

        // Labels, Patroni's status annotation (as PgHa.Election reads it) and readiness, on every Pod.
        await AgentCluster.UntilAsync(async () =>
        {
            foreach (var member in cluster.Members)
            {
                var pod = await cluster.PodAsync(member.Name);
                var expected = member == primary ? "master" : "replica";
                if (pod.Metadata.Labels.TryGetValue("spilo-role", out var role) != true || role != expected ||
                    pod.Metadata.Annotations?.TryGetValue("status", out var status) != true ||
                    AgentCluster.Status(pod).GetProperty("role").GetString() != expected ||
                    pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") != true)
                {
                    return false;
                }
            }

            return true;
        }, "every Pod to carry its role, status and readiness");

        foreach (var member in cluster.Members)
        {
            var pod = await cluster.PodAsync(member.Name);
            var position = PodStatusMemberDirectory.Parse(member.Name, pod.Metadata.Annotations["status"]);
            position.Should().NotBeNull();
            position!.Value.ReplayPosition.Should().NotBeNull();
            var status = AgentCluster.Status(pod);
            status.GetProperty("state").GetString().Should().Be("running");
            status.GetProperty("conn_url").GetString().Should().Be($"postgres://{member.Instance.Host}:5432/postgres");
            status.GetProperty("timeline").GetInt32().Should().Be(1);
        }

        cluster.Recorder.AssertNeverTwoLeaders();
        cluster.Network.MaxPrimaries.Should().Be(1);
    }

    [Fact]
    public async Task A_steady_cluster_writes_nothing_to_the_API_but_the_leaders_renewals()
    {
        var (cluster, primary, sync, other) = await ClusterFixture.SteadyAsync();
        await using var _ = cluster;

        // Let the Pods' statuses settle (the first position writes), then count a few loop waits.
        await AgentCluster.UntilAsync(async () =>
            (await cluster.PodAsync(sync.Name)).Metadata.Annotations?.ContainsKey("status") == true &&
            (await cluster.PodAsync(other.Name)).Metadata.Annotations?.ContainsKey("status") == true, "standby statuses");
        var before = cluster.Server.RequestLog.Counts();
        var renewals = cluster.Server.RequestLog.Count(client: primary.Name, resource: "configmaps");
        await cluster.Recorder.WaitAsync(e => false, "nothing", TimeSpan.FromSeconds(2)).ContinueWith(_ => { }, TaskScheduler.Default);
        var after = cluster.Server.RequestLog.Counts();

        long Writes(string client) => after.Where(c => c.Key.Client == client && c.Key.Verb is "patch" or "update" or "create")
            .Sum(c => c.Value - before.GetValueOrDefault(c.Key));

        Writes(sync.Name).Should().Be(0, "a steady standby whose position does not move writes nothing");
        Writes(other.Name).Should().Be(0);
        cluster.Server.RequestLog.Count(client: primary.Name, resource: "configmaps").Should().BeGreaterThan(renewals, "the leader renews");
    }
}
