using System.Net;
using System.Net.Sockets;
using k8s.Models;
using PgHa.Agent.Postgres;
using PgHa.Agent.Postgres.Simulated;
using PgHa.Agent.Tests.Support;
using PgHa.Testing;
using PgHa.Testing.Tests.Support;
using k8s;

namespace PgHa.Agent.Tests.Integration;

/// <summary>Three agents over <see cref="SimulatedPostgres"/> (real sockets, real replication) on the embedded server, the master Service played by a forwarder to the running primary.</summary>
public sealed class SimulatedClusterTests
{
    [Fact]
    public async Task Acknowledged_writes_survive_the_primarys_death_and_the_old_primary_rejoins()
    {
        await using var server = await KubeApiServer.StartAsync();
        var recorder = new EventRecorder();
        var members = new List<(PostgresAgent Agent, SimulatedPostgres Instance, CancellationTokenSource Stop, Task? Run)>();
        var subnet = Random.Shared.Next(100, 250);
        await using var service = new ServiceForwarder(() =>
        {
            lock (members)
            {
                return members.Where(m => m.Agent.IsLeader).Select(m => new IPEndPoint(IPAddress.Parse(m.Instance.Host), m.Instance.Port)).FirstOrDefault();
            }
        });
        var client = server.CreateClient("test");
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var name = $"sim-{i}";
                var host = $"127.0.{subnet}.{11 + i}";
                await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
                {
                    Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["application"] = "spilo", ["cluster-name"] = "sim" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "postgres", Image = "spilo:3.0" }] },
                }, "default");
                var instance = new SimulatedPostgres(name, host, FreePort(host));
                var options = AgentCluster.Options(name, new PrimaryAddress(service.Address.Address.ToString(), service.Address.Port));
                options.ClusterName = "sim";
                var agent = new PostgresAgent(server.CreateClient(name), options, instance);
                recorder.Attach(agent);
                agent.Changed += (_, _) => service.Refresh();
                lock (members)
                {
                    members.Add((agent, instance, new CancellationTokenSource(), null));
                }
            }

            for (var i = 0; i < members.Count; i++)
            {
                members[i] = members[i] with { Run = members[i].Agent.RunAsync(members[i].Stop.Token) };
            }

            var bootstrapped = await recorder.WaitAsync(e => e.Kind == AgentEventKind.Bootstrapped, "a bootstrap");
            var syncChosen = await recorder.WaitAsync(e => e.Kind == AgentEventKind.SyncStandbyChanged && e.Member == bootstrapped.Member, "a sync standby");
            var primary = members.Single(m => m.Agent.Name == bootstrapped.Member);
            var sync = members.Single(m => m.Agent.Name == syncChosen.Detail);

            // Writes through the Service, acknowledged only once the sync standby has them.
            var acknowledged = new List<long>();
            await using (var connection = await SimulatedDatabaseConnection.ConnectAsync(service.Address.Address.ToString(), service.Address.Port, TestTimeouts.Token()))
            {
                for (long id = 1; id <= 20; id++)
                {
                    await connection.InsertAsync(id, TestTimeouts.Token());
                    acknowledged.Add(id);
                }
            }

            primary.Instance.Kill();
            var released = await recorder.WaitAsync(primary.Agent.Name, AgentEventKind.LockReleased);
            await recorder.WaitAsync(sync.Agent.Name, AgentEventKind.Promoted);
            recorder.Has(members.Single(m => m != primary && m != sync).Agent.Name, AgentEventKind.LockAcquired).Should().BeFalse("only the sync standby may take over");

            // The new primary has every acknowledged row and takes new writes through the same address.
            sync.Instance.Rows.Should().Contain(acknowledged);
            await using (var connection = await SimulatedDatabaseConnection.ConnectAsync(service.Address.Address.ToString(), service.Address.Port, TestTimeouts.Token()))
            {
                await connection.InsertAsync(21, TestTimeouts.Token());
                (await connection.SelectAsync(TestTimeouts.Token())).Should().Contain(acknowledged).And.Contain(21);
            }

            await recorder.WaitAsync(e => e.Member == primary.Agent.Name && e.Kind == AgentEventKind.StartedStandby && e.Timestamp > released.Timestamp, "the old primary to rejoin");
            await AgentCluster.UntilAsync(() => Task.FromResult(primary.Instance.Rows.Contains(21)), "the old primary to replicate the new row");
            recorder.AssertNeverTwoLeaders();
        }
        finally
        {
            foreach (var member in members)
            {
                await member.Stop.CancelAsync();
                if (member.Run is { } run)
                {
                    await run.WaitAsync(TestTimeouts.Default);
                }

                await member.Agent.DisposeAsync();
                await member.Instance.DisposeAsync();
                member.Stop.Dispose();
            }
        }
    }

    private static int FreePort(string host)
    {
        using var probe = new TcpListener(IPAddress.Parse(host), 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
