using System.Diagnostics;
using k8s.Models;
using Npgsql;
using PgHa.Interop.Tests.Support;
using PgHa.Routing;
using PgHa.Routing.Routers;
using Xunit.Abstractions;

namespace PgHa.Interop.Tests;

/// <summary>Scenario 1: real Patroni members in Endpoints mode on the embedded server, as in the seed.</summary>
public sealed class PatroniEndpointsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bootstrap = TimeSpan.FromSeconds(90);

    [SkippableFact]
    public async Task Patroni_elects_a_leader_the_replica_streams_and_after_SIGKILL_the_lock_and_the_mirrored_slice_move()
    {
        await using var cluster = await PatroniCluster.CreateAsync(members: 2, useEndpoints: true);
        var options = new PrimaryRouterOptions { ClusterName = PatroniCluster.Scope };
        await new ServiceProvisioner(cluster.Admin, options).EnsureServicesAsync(CancellationToken.None);
        await using var locks = await ClusterWatches.LockAsync(cluster);
        await using var slices = await ClusterWatches.SlicesAsync(cluster);
        var (first, second) = (cluster.Members[0], cluster.Members[1]);

        cluster.Start(first);
        await locks.WaitForAsync(o => ClusterWatches.Record(o, cluster.LockName).Record.Holder == first.Name, Bootstrap, cluster.Output);
        cluster.Start(second);
        await WaitForStreamingAsync(first, cluster);

        // The leader writes its optime with its renewals.
        await locks.WaitForAsync(o => ClusterWatches.Record(o, cluster.LockName).Record.Optime > 0, TimeSpan.FromSeconds(30), cluster.Output);
        var read = ClusterWatches.Record(locks.Current, cluster.LockName);
        read.Error.Should().BeNull("PgHa's codec reads what Patroni writes");
        read.Record.Holder.Should().Be(first.Name);
        read.Record.Ttl.Should().Be(TimeSpan.FromSeconds(PatroniCluster.Ttl));
        read.Record.RenewTime.Should().NotBeNull();
        read.Record.AcquireTime.Should().NotBeNull();
        read.Record.Optime.Should().BePositive();
        await slices.WaitForAsync(s => ClusterWatches.ReadyAddresses(s).SequenceEqual([first.Address.ToString()]), TimeSpan.FromSeconds(30), cluster.Output);
        var slice = slices.Current.Values.Single();
        slice.Metadata.Labels.Should().Contain("endpointslice.kubernetes.io/managed-by", "endpointslicemirroring-controller.k8s.io");
        slice.Metadata.OwnerReferences.Should().ContainSingle().Which.Kind.Should().Be("Endpoints");
        slice.Ports.Should().ContainSingle().Which.Should().Match<Discoveryv1EndpointPort>(p => p.Name == "postgresql" && p.Port == first.PostgresPort);
        slice.Endpoints.Single().TargetRef.Name.Should().Be(first.Name);

        var killed = Stopwatch.GetTimestamp();
        first.Kill();
        var lockMoved = await locks.WaitForAsync(o => ClusterWatches.Record(o, cluster.LockName).Record.Holder == second.Name, TimeSpan.FromSeconds(PatroniCluster.Ttl * 4), cluster.Output);
        var sliceMoved = await slices.WaitForAsync(s => ClusterWatches.ReadyAddresses(s).SequenceEqual([second.Address.ToString()]), TimeSpan.FromSeconds(30), cluster.Output);

        var toLock = Stopwatch.GetElapsedTime(killed, lockMoved);
        var toSlice = Stopwatch.GetElapsedTime(killed, sliceMoved);
        output.WriteLine($"Endpoints mode, ttl {PatroniCluster.Ttl} s, loop_wait {PatroniCluster.LoopWait} s: SIGKILL -> lock moved {toLock.TotalSeconds:F2} s, -> mirrored slice moved {toSlice.TotalSeconds:F2} s");
        toLock.Should().BeGreaterThan(TimeSpan.FromSeconds(PatroniCluster.Ttl - PatroniCluster.LoopWait - 1), "the lock is only taken once its ttl has run out");
        toLock.Should().BeLessThan(TimeSpan.FromSeconds(PatroniCluster.Ttl + (3 * PatroniCluster.LoopWait) + 5));
        var moved = ClusterWatches.Record(locks.Current, cluster.LockName).Record;
        moved.Transitions.Should().Be(read.Record.Transitions + 1);
    }

    [SkippableFact]
    public async Task Patronictl_lists_the_cluster_with_its_leader_and_streaming_replica()
    {
        await using var cluster = await PatroniCluster.CreateAsync(members: 2, useEndpoints: true);
        await using var locks = await ClusterWatches.LockAsync(cluster);
        var (first, second) = (cluster.Members[0], cluster.Members[1]);
        cluster.Start(first);
        await locks.WaitForAsync(o => ClusterWatches.Record(o, cluster.LockName).Record.Holder == first.Name, Bootstrap, cluster.Output);
        cluster.Start(second);
        await WaitForStreamingAsync(first, cluster);

        // Patroni publishes a member's state in its Pod every loop; patronictl reads it from there. (Patroni 3.0 shows a
        // streaming replica as "running" with its lag; later versions say "streaming".)
        static bool ReplicaRunning(string text, string name) => text.Split('\n').Any(l => l.Contains(name, StringComparison.Ordinal) && l.Contains("| running", StringComparison.Ordinal));
        var (exitCode, listing) = await cluster.PatronictlAsync(first, "list");
        for (var deadline = Stopwatch.StartNew(); exitCode == 0 && !ReplicaRunning(listing, second.Name) && deadline.Elapsed < TimeSpan.FromSeconds(30);)
        {
            await Task.Delay(500);
            (exitCode, listing) = await cluster.PatronictlAsync(first, "list");
        }

        output.WriteLine(listing);
        exitCode.Should().Be(0, listing);
        listing.Should().Contain($"Cluster: {PatroniCluster.Scope}");
        var rows = listing.Split('\n').Where(l => l.Contains(PatroniCluster.Scope + "-", StringComparison.Ordinal)).ToList();
        rows.Should().HaveCount(2, listing);
        rows.Should().Contain(r => r.Contains(first.Name, StringComparison.Ordinal) && r.Contains("Leader", StringComparison.Ordinal) && r.Contains("running", StringComparison.Ordinal));
        rows.Should().Contain(r => r.Contains(second.Name, StringComparison.Ordinal) && r.Contains("Replica", StringComparison.Ordinal) && r.Contains("| running", StringComparison.Ordinal)
            && r.Contains($"{second.Address}:{second.PostgresPort}", StringComparison.Ordinal));
        rows.Should().Contain(r => r.Contains($"{first.Address}:{first.PostgresPort}", StringComparison.Ordinal));
    }

    /// <summary>Waits until the leader's PostgreSQL reports a streaming replica.</summary>
    internal static async Task WaitForStreamingAsync(PatroniMember leader, PatroniCluster cluster)
    {
        var deadline = Stopwatch.StartNew();
        Exception? last = null;
        while (deadline.Elapsed < Bootstrap)
        {
            try
            {
                await using var connection = new NpgsqlConnection(leader.ConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("select count(*) from pg_stat_replication where state = 'streaming'", connection);
                if ((long)(await command.ExecuteScalarAsync())! >= 1)
                {
                    return;
                }
            }
            catch (NpgsqlException e)
            {
                last = e;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"no replica streamed from {leader.Name} within {Bootstrap} ({last?.Message}){Environment.NewLine}{cluster.Output()}");
    }
}
