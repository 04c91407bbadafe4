using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Models;
using PgHa.Agent.Postgres;
using PgHa.Agent.Tests.Postgres;
using PgHa.Agent.Tests.Support;
using PgHa.Testing;
using PgHa.Testing.Tests.Support;
using Xunit.Abstractions;

namespace PgHa.Agent.Tests.Integration;

/// <summary>
/// Three agents over members of one kind (simulated or real PostgreSQL) on the embedded server, the master Service
/// played by a forwarder to the leader: bootstrap, clones, a confirmed sync standby, acknowledged writes, the
/// primary's death, the sync standby's takeover with every acknowledged row, the old primary's rewind and rejoin.
/// </summary>
internal static class AgentFailoverScenario
{
    private const int Rows = 20;

    public static async Task RunAsync(MemberDriver driver, ITestOutputHelper output, TimeSpan timeout)
    {
        await using var server = await KubeApiServer.StartAsync();
        using var deadline = new CancellationTokenSource(timeout);
        var token = deadline.Token;
        var recorder = new EventRecorder();
        var members = new List<Member>();
        await using var service = new ServiceForwarder(() =>
        {
            lock (members)
            {
                return members.Where(m => m.Agent.IsLeader).Select(m => new IPEndPoint(IPAddress.Parse(m.Instance.Host), m.Instance.Port)).FirstOrDefault();
            }
        });
        var client = server.CreateClient("test");
        var subnet = Random.Shared.Next(100, 250);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var name = $"pg-{i}";
                var host = $"127.0.{subnet}.{11 + i}";
                await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
                {
                    Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["application"] = "spilo", ["cluster-name"] = "pg" } },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "postgres", Image = "spilo:3.0" }] },
                }, "default", cancellationToken: token);
                var instance = driver.Create(name, host, FreePort(host));
                var options = AgentCluster.Options(name, new PrimaryAddress(service.Address.Address.ToString(), service.Address.Port));
                options.HealthCheckInterval = TimeSpan.FromMilliseconds(200);
                var agent = new PostgresAgent(server.CreateClient(name), options, instance);
                recorder.Attach(agent);
                agent.Changed += (_, e) =>
                {
                    output.WriteLine($"{TimeSpan.FromTicks(e.Timestamp * TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency)} {e}");
                    service.Refresh();
                };
                lock (members)
                {
                    members.Add(new Member(agent, instance));
                }
            }

            members.ForEach(m => m.Start());
            var bootstrapped = await recorder.WaitAsync(e => e.Kind == AgentEventKind.Bootstrapped, "a bootstrap", timeout);
            var primary = members.Single(m => m.Agent.Name == bootstrapped.Member);
            await driver.PrepareAsync(primary.Instance, token);
            var chosen = await recorder.WaitAsync(e => e.Kind == AgentEventKind.SyncStandbyChanged && e.Member == primary.Agent.Name, "a sync standby", timeout);
            var sync = members.Single(m => m.Agent.Name == chosen.Detail);
            var other = members.Single(m => m != primary && m != sync);
            await recorder.WaitAsync(other.Agent.Name, AgentEventKind.StartedStandby, timeout);

            // Acknowledged commits: each waited for the confirmed sync standby.
            for (long id = 1; id <= Rows; id++)
            {
                await driver.InsertAsync(primary.Instance, id, token);
            }

            var killedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            primary.Instance.Kill();
            var released = await recorder.WaitAsync(primary.Agent.Name, AgentEventKind.LockReleased, timeout);
            var promoted = await recorder.WaitAsync(sync.Agent.Name, AgentEventKind.Promoted, timeout);
            output.WriteLine($"measured: kill -> lock released {System.Diagnostics.Stopwatch.GetElapsedTime(killedAt, released.Timestamp).TotalMilliseconds:F0} ms, -> sync standby promoted {System.Diagnostics.Stopwatch.GetElapsedTime(killedAt, promoted.Timestamp).TotalMilliseconds:F0} ms");
            recorder.Has(other.Agent.Name, AgentEventKind.LockAcquired).Should().BeFalse("only the sync standby may take over");
            (await driver.SelectAsync(sync.Instance, token)).Should().Contain(Enumerable.Range(1, Rows).Select(i => (long)i), "every acknowledged write survives");

            await driver.InsertAsync(sync.Instance, Rows + 1, token);
            var rejoined = await recorder.WaitAsync(e => e.Member == primary.Agent.Name && e.Kind == AgentEventKind.StartedStandby && e.Timestamp > released.Timestamp, "the old primary to rejoin", timeout);
            output.WriteLine($"measured: kill -> old primary streams again {System.Diagnostics.Stopwatch.GetElapsedTime(killedAt, rejoined.Timestamp).TotalMilliseconds:F0} ms");
            await Eventually.WaitAsync(() => driver.SelectAsync(primary.Instance, token), rows => rows.Contains(Rows + 1), "the old primary replicates the new primary's writes", token);
            recorder.AssertNeverTwoLeaders();
        }
        catch (Exception) when (Diagnose(driver, output))
        {
            throw;
        }
        finally
        {
            foreach (var member in members)
            {
                await member.StopAsync();
            }
        }
    }

    private static bool Diagnose(MemberDriver driver, ITestOutputHelper output)
    {
        output.WriteLine(driver.Diagnose());
        return false;
    }

    private static int FreePort(string host)
    {
        using var probe = new TcpListener(IPAddress.Parse(host), 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed class Member(PostgresAgent agent, IPostgresInstance instance)
    {
        private readonly CancellationTokenSource _stop = new();
        private Task? _run;

        public PostgresAgent Agent { get; } = agent;

        public IPostgresInstance Instance { get; } = instance;

        public void Start() => _run = Agent.RunAsync(_stop.Token);

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            if (_run is not null)
            {
                await _run.WaitAsync(TestTimeouts.Default);
            }

            await Agent.DisposeAsync();
            _stop.Dispose();
        }
    }
}
