using System.Diagnostics;
using System.Globalization;
using k8s;
using k8s.Models;
using PgHa.Testing;

namespace PgHa.Benchmarks;

/// <summary>
/// The scenario benchmarks of a whole cluster: unplanned failover (lease expiry → new leader → route → clients' view),
/// planned switchover, and steady-state API load, PgHa side by side with KubernetesClient's <c>k8s.LeaderElection</c>
/// on the same server, the same Lease and the same follower, and Patroni's expiry timing as a model.
/// </summary>
internal static class FailoverScenarios
{
    private static readonly TimeSpan Lease = BenchmarkElectors.Lease;

    // Patroni notices an expired lock at its next HA loop (loop_wait, 10 s against a 30 s ttl by default; a lock
    // change, not an expiry, wakes it early): scaled to this lease.
    private static readonly TimeSpan PatroniLoopWait = Lease / 3;

    public static async Task<int> FailoverAsync(IReadOnlyList<string> args)
    {
        var (trials, quick) = Parse(args, 50);
        Console.WriteLine($"failover: {trials} trials per elector, 3 members, lease {Lease.TotalSeconds:0.#} s, loop/retry {BenchmarkElectors.Retry.TotalMilliseconds:0} ms; {BenchmarkReport.Machine()}");
        await using var server = await StartServerAsync();
        var roundTrip = await RoundTripAsync(server, quick ? 20 : 200);
        Console.WriteLine($"  one API round trip (a patch, client side) {roundTrip}");
        var pgha = await UnplannedAsync(server, "pgha", trials, BenchmarkElectors.PgHa);
        var peer = await UnplannedAsync(server, "k8s", trials, BenchmarkElectors.KubernetesClient);
        var random = new Random(42);
        var patroni = LatencyStats.From(Enumerable.Range(0, Math.Max(trials, 1000)).Select(_ => random.NextDouble() * PatroniLoopWait.TotalMilliseconds + roundTrip.P50));
        Console.WriteLine($"  PgHa                 expiry -> new leader {pgha.NewLeader}; new leader -> route written {pgha.Route}; expiry -> clients see it {pgha.Seen}");
        Console.WriteLine($"  k8s.LeaderElection   expiry -> new leader {peer.NewLeader}; new leader -> route written {peer.Route}; expiry -> clients see it {peer.Seen}");
        Console.WriteLine($"  Patroni (model)      expiry -> new leader {patroni}");

        var results = new
        {
            scenario = "failover",
            machine = BenchmarkReport.Machine(),
            trials,
            leaseSeconds = Lease.TotalSeconds,
            apiRoundTripMs = roundTrip,
            pgha,
            kubernetesClient = peer,
            patroniModel = new { expiryToNewLeaderMs = patroni, loopWaitMs = PatroniLoopWait.TotalMilliseconds, note = "a model: uniform over one loop_wait after expiry, plus one API round trip" },
            goals = new { newLeaderP99Ms = 100, routeAfterAcquisition = "<= 1 API round trip" },
        };
        var markdown = string.Create(CultureInfo.InvariantCulture, $"""
            # Unplanned failover: lease expiry to clients' view

            {BenchmarkReport.Machine()}; one embedded API server; per trial 3 members on a Lease (lease {Lease.TotalSeconds:0.#} s, loop/retry
            {BenchmarkElectors.Retry.TotalMilliseconds:0} ms), an operator-style follower routing the holder with PgHa.Routing, and a watcher of the
            Service's slices. The leader's loop is killed right after a committed renewal, without releasing. Times from the lease's
            expiry (the commit of the last renewal + the lease): the new leader's committed write, the follower's committed slice
            write, and the watcher reading the new address. One API round trip here: p50 {roundTrip.P50:F2} ms, p99 {roundTrip.P99:F2} ms.

            | elector | trials | expiry → new leader p50 | p99 | max | new leader → route written p50 | p99 | expiry → clients see it p50 | p99 |
            |---|---|---|---|---|---|---|---|---|
            | PgHa | {pgha.NewLeader.Count} | {pgha.NewLeader.P50:F1} ms | {pgha.NewLeader.P99:F1} ms | {pgha.NewLeader.Max:F1} ms | {pgha.Route.P50:F2} ms | {pgha.Route.P99:F2} ms | {pgha.Seen.P50:F1} ms | {pgha.Seen.P99:F1} ms |
            | k8s.LeaderElection | {peer.NewLeader.Count} | {peer.NewLeader.P50:F1} ms | {peer.NewLeader.P99:F1} ms | {peer.NewLeader.Max:F1} ms | {peer.Route.P50:F2} ms | {peer.Route.P99:F2} ms | {peer.Seen.P50:F1} ms | {peer.Seen.P99:F1} ms |
            | Patroni (model) | {patroni.Count} | {patroni.P50:F1} ms | {patroni.P99:F1} ms | {patroni.Max:F1} ms | | | | |

            Goals: new leader ≤ 100 ms p99 after expiry; route written ≤ 1 API round trip after the acquisition (the follower learns
            of the new holder from its watch, then writes once). Patroni's row is a model, not a measurement: it notices an expired
            lock at its next HA loop, uniformly within one loop_wait (here ttl/3, as Patroni's defaults 30 s/10 s), plus one write.
            """);
        Console.WriteLine($"  written to {await BenchmarkReport.WriteAsync("failover", results, markdown)}");
        return 0;
    }

    public static async Task<int> SwitchoverAsync(IReadOnlyList<string> args)
    {
        var (trials, _) = Parse(args, 50);
        Console.WriteLine($"switchover: {trials} trials, 3 PgHa members, lease {Lease.TotalSeconds:0.#} s; {BenchmarkReport.Machine()}");
        await using var server = await StartServerAsync();
        var toLock = new List<double>();
        var toRoute = new List<double>();
        var endToEnd = new List<double>();
        for (var trial = 0; trial < trials; trial++)
        {
            await using var chain = await FailoverChain.StartAsync(server, $"switch-{trial}", BenchmarkElectors.PgHa);
            var leader = await chain.NextLeaderAsync();
            await chain.SeenAsync(leader, DateTimeOffset.MinValue);

            // A switchover happens on a settled cluster: the other members lost the race to create the lock a moment
            // ago, and a candidate whose acquire failed waits a retry interval (loop wait / 4) before it tries again.
            // Released within that interval, the lock would wait for it (that made this step ~46 ms).
            await Task.Delay(Lease);
            var released = DateTimeOffset.UtcNow;
            if (!await chain.Member(leader).Release!(CancellationToken.None))
            {
                throw new InvalidOperationException($"{leader} had nothing to release");
            }

            var next = await chain.NextLeaderAsync();
            var takeover = await chain.LockWriteAsync(next, released);
            var route = await chain.RouteWriteAsync(FailoverChain.Committed(takeover));
            var seen = await chain.SeenAsync(next, released);
            toLock.Add((FailoverChain.Committed(takeover) - released).TotalMilliseconds);
            toRoute.Add((FailoverChain.Committed(route) - FailoverChain.Committed(takeover)).TotalMilliseconds);
            endToEnd.Add((seen - released).TotalMilliseconds);
        }

        var (lockStats, routeStats, endStats) = (LatencyStats.From(toLock), LatencyStats.From(toRoute), LatencyStats.From(endToEnd));
        Console.WriteLine($"  release -> new leader {lockStats}; new leader -> route written {routeStats}; release -> clients see it {endStats}");
        var results = new
        {
            scenario = "switchover",
            machine = BenchmarkReport.Machine(),
            trials,
            releaseToNewLeaderMs = lockStats,
            newLeaderToRouteMs = routeStats,
            releaseToClientsSeeItMs = endStats,
            goal = new { endToEndMs = 200 },
        };
        var markdown = string.Create(CultureInfo.InvariantCulture, $"""
            # Planned switchover: release to clients' view

            {BenchmarkReport.Machine()}; one embedded API server; per trial 3 PgHa members on a Lease, the operator-style follower and a slice
            watcher. One lease after the first leader is seen (the cluster settled), the leader calls ReleaseAsync; times from that call.

            | step | trials | p50 | p99 | max |
            |---|---|---|---|---|
            | release → new leader's write committed | {lockStats.Count} | {lockStats.P50:F1} ms | {lockStats.P99:F1} ms | {lockStats.Max:F1} ms |
            | new leader → route written | {routeStats.Count} | {routeStats.P50:F2} ms | {routeStats.P99:F2} ms | {routeStats.Max:F2} ms |
            | release → clients see the new primary | {endStats.Count} | {endStats.P50:F1} ms | {endStats.P99:F1} ms | {endStats.Max:F1} ms |

            Goal: ≤ 200 ms end to end.
            """);
        Console.WriteLine($"  written to {await BenchmarkReport.WriteAsync("switchover", results, markdown)}");
        return 0;
    }

    public static async Task<int> ApiLoadAsync(IReadOnlyList<string> args)
    {
        var seconds = 60.0;
        for (var i = 0; i < args.Count; i++)
        {
            seconds = args[i] switch
            {
                "--quick" => 3,
                "--seconds" when i + 1 < args.Count => double.Parse(args[++i], CultureInfo.InvariantCulture),
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        var window = TimeSpan.FromSeconds(seconds);
        Console.WriteLine($"api-load: one cluster (3 members + the follower) for {window.TotalSeconds:0} s per elector, lease {Lease.TotalSeconds:0.#} s; {BenchmarkReport.Machine()}");
        await using var server = await StartServerAsync();
        var pgha = await SteadyAsync(server, "load-pgha", BenchmarkElectors.PgHa, window);
        var peer = await SteadyAsync(server, "load-k8s", BenchmarkElectors.KubernetesClient, window);
        var writesPerTtlGoal = Lease / BenchmarkElectors.Retry;
        Console.WriteLine($"  PgHa                per minute: reads {pgha.Reads:F0}, writes {pgha.Writes:F0}, watches opened {pgha.Watches:F0}; writes per ttl {pgha.WritesPerTtl:F2} (goal <= {writesPerTtlGoal:F0})");
        Console.WriteLine($"  k8s.LeaderElection  per minute: reads {peer.Reads:F0}, writes {peer.Writes:F0}, watches opened {peer.Watches:F0}; writes per ttl {peer.WritesPerTtl:F2}");
        var results = new
        {
            scenario = "api-load",
            machine = BenchmarkReport.Machine(),
            windowSeconds = window.TotalSeconds,
            leaseSeconds = Lease.TotalSeconds,
            loopOrRetryMs = BenchmarkElectors.Retry.TotalMilliseconds,
            perClusterPerMinute = new { pgha, kubernetesClient = peer },
            goal = new { writesPerTtlPerCluster = writesPerTtlGoal },
        };
        var markdown = string.Create(CultureInfo.InvariantCulture, $"""
            # API load per cluster in steady state

            {BenchmarkReport.Machine()}; one cluster = 3 members on a Lease (lease {Lease.TotalSeconds:0.#} s, loop/retry {BenchmarkElectors.Retry.TotalMilliseconds:0} ms)
            plus the operator-style follower; {window.TotalSeconds:0} s of steady state each, counted from the server's request log
            (the slice watcher, kube-proxy's part, is not counted).

            | elector | reads/min | writes/min | watches opened/min | writes per ttl | goal |
            |---|---|---|---|---|---|
            | PgHa | {pgha.Reads:F0} | {pgha.Writes:F0} | {pgha.Watches:F1} | {pgha.WritesPerTtl:F2} | ≤ {writesPerTtlGoal:F0} (ttl/loopWait) |
            | k8s.LeaderElection | {peer.Reads:F0} | {peer.Writes:F0} | {peer.Watches:F1} | {peer.WritesPerTtl:F2} | |

            PgHa's candidates keep one watch open and send nothing; KubernetesClient's candidates read the lease every retry period.
            """);
        Console.WriteLine($"  written to {await BenchmarkReport.WriteAsync("api-load", results, markdown)}");
        return 0;
    }

    internal sealed record ChainStats(LatencyStats NewLeader, LatencyStats Route, LatencyStats Seen);

    internal sealed record Load(double Reads, double Writes, double Watches, double WritesPerTtl);

    private static async Task<ChainStats> UnplannedAsync(KubeApiServer server, string prefix, int trials, BenchmarkElectors.Start start)
    {
        var newLeader = new List<double>();
        var route = new List<double>();
        var seen = new List<double>();
        for (var trial = 0; trial < trials; trial++)
        {
            await using var chain = await FailoverChain.StartAsync(server, $"{prefix}-{trial}", start);
            var leader = await chain.NextLeaderAsync();
            var leading = await chain.SeenAsync(leader, DateTimeOffset.MinValue);

            // Killed right after a committed renewal, as a crash would strike.
            await chain.LockWriteAsync(leader, leading);
            await chain.KillAsync(leader);
            var expiry = FailoverChain.Committed(chain.LastLockWrite(leader)) + Lease;
            var next = await chain.NextLeaderAsync();
            var takeover = await chain.LockWriteAsync(next, expiry - Lease);
            var routed = await chain.RouteWriteAsync(FailoverChain.Committed(takeover));
            var observed = await chain.SeenAsync(next, expiry - Lease);
            newLeader.Add((FailoverChain.Committed(takeover) - expiry).TotalMilliseconds);
            route.Add((FailoverChain.Committed(routed) - FailoverChain.Committed(takeover)).TotalMilliseconds);
            seen.Add((observed - expiry).TotalMilliseconds);
        }

        return new ChainStats(LatencyStats.From(newLeader), LatencyStats.From(route), LatencyStats.From(seen));
    }

    private static async Task<Load> SteadyAsync(KubeApiServer server, string name, BenchmarkElectors.Start start, TimeSpan window)
    {
        await using var chain = await FailoverChain.StartAsync(server, name, start);
        var leader = await chain.NextLeaderAsync();
        await chain.SeenAsync(leader, DateTimeOffset.MinValue);
        var clients = chain.Identities.Append(FailoverChain.FollowerName(name)).ToHashSet();
        var before = server.RequestLog.Counts();
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        var after = server.RequestLog.Counts();
        var minutes = clock.Elapsed.TotalMinutes;

        double PerMinute(params string[] verbs) =>
            (after.Where(p => clients.Contains(p.Key.Client) && verbs.Contains(p.Key.Verb)).Sum(p => p.Value) -
             before.Where(p => clients.Contains(p.Key.Client) && verbs.Contains(p.Key.Verb)).Sum(p => p.Value)) / minutes;
        var writes = PerMinute("create", "update", "patch", "delete");
        return new Load(PerMinute("get", "list"), writes, PerMinute("watch"), writes / (TimeSpan.FromMinutes(1) / Lease));
    }

    // One API round trip as a client sees it: a patch of a small object.
    private static async Task<LatencyStats> RoundTripAsync(KubeApiServer server, int count)
    {
        using var client = server.CreateClient("round-trip");
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "round-trip" } }, "default");
        var samples = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await client.CoreV1.PatchNamespacedConfigMapAsync(
                new V1Patch("{\"metadata\":{\"annotations\":{\"n\":\"" + i.ToString(CultureInfo.InvariantCulture) + "\"}}}", V1Patch.PatchType.MergePatch), "round-trip", "default");
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return LatencyStats.From(samples);
    }

    private static Task<KubeApiServer> StartServerAsync() =>
        KubeApiServer.StartAsync(new KubeApiServerOptions { RequestLogCapacity = 1_000_000 });

    private static (int Trials, bool Quick) Parse(IReadOnlyList<string> args, int trials)
    {
        var quick = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    trials = 3;
                    break;
                case "--trials" when i + 1 < args.Count:
                    trials = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        return (trials, quick);
    }
}
