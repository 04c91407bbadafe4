using System.Diagnostics;
using PgHa.Election;
using PgHa.Election.Stores;
using PgHa.Interop.Tests.Support;
using Xunit.Abstractions;

namespace PgHa.Interop.Tests;

/// <summary>Scenarios 3 and 4: PgHa electors and Patroni members on one lock respect each other's leadership.</summary>
public sealed class PatroniCoexistenceTests(ITestOutputHelper output)
{
    // Long enough that a lock taken at expiry would have been: the ttl and three loops more.
    private static readonly int Renewals = (PatroniCluster.Ttl / PatroniCluster.LoopWait) + 3;

    [SkippableFact]
    public async Task A_PgHa_candidate_never_takes_the_lock_a_Patroni_member_holds_and_renews()
    {
        await using var cluster = await PatroniCluster.CreateAsync(members: 1, useEndpoints: false);
        await using var locks = await ClusterWatches.LockAsync(cluster);
        var patroni = cluster.Members[0];
        cluster.Start(patroni);
        await locks.WaitForAsync(o => ClusterWatches.Record(o, cluster.LockName).Record.Holder == patroni.Name, TimeSpan.FromSeconds(90), cluster.Output);

        await using var candidate = Elector(cluster, LockKind.ConfigMap, "pgha-candidate");
        var led = false;
        candidate.LeadershipStarted += (_, _) => led = true;
        using var stop = new CancellationTokenSource();
        var run = candidate.RunAsync(stop.Token);

        // Every renewal Patroni writes is watched; the holder must stay Patroni's through more than a ttl of them.
        var renewals = 0;
        DateTimeOffset? lastRenew = null;
        string? intruder = null;
        await locks.WaitForAsync(
            o =>
            {
                var record = ClusterWatches.Record(o, cluster.LockName).Record;
                if (record.Holder != patroni.Name)
                {
                    intruder ??= record.Holder ?? "nobody";
                    return true;
                }

                if (record.RenewTime != lastRenew)
                {
                    lastRenew = record.RenewTime;
                    renewals++;
                }

                return renewals > Renewals;
            },
            TimeSpan.FromSeconds(PatroniCluster.Ttl * 4),
            cluster.Output);
        await stop.CancelAsync();
        await run;

        intruder.Should().BeNull("the lock held and renewed by Patroni must stay Patroni's");
        led.Should().BeFalse();
        candidate.ObservedRecord!.Holder.Should().Be(patroni.Name, "the PgHa candidate saw Patroni's record as the leader");
        output.WriteLine($"PgHa candidate stayed a candidate through {renewals} Patroni renewals");
    }

    [SkippableFact]
    public async Task A_Patroni_member_does_not_take_the_lock_a_PgHa_elector_holds_and_takes_it_once_released()
    {
        await using var cluster = await PatroniCluster.CreateAsync(members: 1, useEndpoints: true);
        await using var locks = await ClusterWatches.LockAsync(cluster);
        await using var pgha = Elector(cluster, LockKind.Endpoints, "pgha-leader");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pgha.LeadershipStarted += (_, _) => started.TrySetResult();
        using var stop = new CancellationTokenSource();
        var run = pgha.RunAsync(stop.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await locks.WaitForAsync(o => ClusterWatches.Record(o, cluster.LockName).Record.Holder == "pgha-leader", TimeSpan.FromSeconds(30));

        var patroni = cluster.Members[0];
        cluster.Start(patroni);
        var renewals = 0;
        DateTimeOffset? lastRenew = null;
        string? intruder = null;
        await locks.WaitForAsync(
            o =>
            {
                var record = ClusterWatches.Record(o, cluster.LockName).Record;
                if (record.Holder != "pgha-leader")
                {
                    intruder ??= record.Holder ?? "nobody";
                    return true;
                }

                if (record.RenewTime != lastRenew)
                {
                    lastRenew = record.RenewTime;
                    renewals++;
                }

                return renewals > Renewals;
            },
            TimeSpan.FromSeconds(PatroniCluster.Ttl * 4),
            cluster.Output);
        intruder.Should().BeNull("Patroni must leave a lock that its holder renews alone");
        patroni.IsRunning.Should().BeTrue(cluster.Output());
        cluster.Output().Should().NotContain("acquired session lock as a leader");

        // Stopping the elector releases the lock: Patroni takes it at once (bootstrapping the cluster first), not after a ttl.
        var released = Stopwatch.GetTimestamp();
        await stop.CancelAsync();
        await run;
        var taken = await locks.WaitForAsync(o => ClusterWatches.Record(o, cluster.LockName).Record.Holder == patroni.Name, TimeSpan.FromSeconds(90), cluster.Output);

        var record = ClusterWatches.Record(locks.Current, cluster.LockName);
        record.Error.Should().BeNull();
        output.WriteLine($"Patroni took the lock {Stopwatch.GetElapsedTime(released, taken).TotalSeconds:F2} s after the PgHa elector released it (initdb included), having waited through {renewals} PgHa renewals");
    }

    private static LeaderElector Elector(PatroniCluster cluster, LockKind kind, string identity)
    {
        var options = new LeaderElectorOptions
        {
            Scope = PatroniCluster.Scope,
            Identity = identity,
            LockKind = kind,
            Ttl = TimeSpan.FromSeconds(PatroniCluster.Ttl),
            LoopWait = TimeSpan.FromSeconds(PatroniCluster.LoopWait),
            RetryTimeout = TimeSpan.FromSeconds(PatroniCluster.RetryTimeout),
            Labels = new Dictionary<string, string> { ["application"] = "spilo", ["cluster-name"] = PatroniCluster.Scope },
        };
        return new LeaderElector(options, LockStores.Create(cluster.Server.CreateClient(identity), options));
    }
}
