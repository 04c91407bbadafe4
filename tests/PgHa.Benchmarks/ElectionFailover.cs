using System.Globalization;
using PgHa.Testing;
using PgHa.Testing.Diagnostics;

namespace PgHa.Benchmarks;

/// <summary>
/// Unplanned failover of the lock alone, PgHa's elector against KubernetesClient's <c>k8s.LeaderElection</c> with the
/// same lease duration, on one embedded API server: three members per trial, the leader's loop is killed without
/// releasing, and the time from the lease's expiry (its last renew as the server committed it, plus the lease
/// duration) to the next successful write of another member is measured from the server's request log.
/// Also the steady-state API load per member.
/// </summary>
internal static class ElectionFailover
{
    private static readonly TimeSpan Lease = BenchmarkElectors.Lease;
    private static readonly TimeSpan Retry = BenchmarkElectors.Retry;

    public static async Task<int> RunAsync(int trials, TimeSpan? steadyWindow = null)
    {
        Console.WriteLine($"election: {trials} trials per elector, 3 members, lease {Lease.TotalSeconds:F0} s, loop/retry period {Retry.TotalMilliseconds:F0} ms; {BenchmarkReport.Machine()}");
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { RequestLogCapacity = 1_000_000 });
        var pgha = await TrialsAsync(server, "pgha", trials, BenchmarkElectors.PgHa);
        Console.WriteLine($"  PgHa                  expiry -> new holder: {pgha}");
        var peer = await TrialsAsync(server, "k8s", trials, BenchmarkElectors.KubernetesClient);
        Console.WriteLine($"  k8s.LeaderElection    expiry -> new holder: {peer}");
        var window = steadyWindow ?? TimeSpan.FromSeconds(15);
        var pghaLoad = await SteadyLoadAsync(server, "pgha-load", BenchmarkElectors.PgHa, window);
        var peerLoad = await SteadyLoadAsync(server, "k8s-load", BenchmarkElectors.KubernetesClient, window);
        Console.WriteLine($"  requests/min/member   PgHa leader {pghaLoad.Leader:F0}, candidate {pghaLoad.Candidate:F0}; k8s.LeaderElection leader {peerLoad.Leader:F0}, candidate {peerLoad.Candidate:F0}");

        var results = new
        {
            scenario = "election",
            machine = BenchmarkReport.Machine(),
            leaseSeconds = Lease.TotalSeconds,
            loopOrRetryPeriodMs = Retry.TotalMilliseconds,
            expiryToNewHolderMs = new { pgha, kubernetesClient = peer },
            requestsPerMinutePerMember = new { pgha = pghaLoad, kubernetesClient = peerLoad },
            goal = new { p99Ms = 100 },
        };
        var markdown = string.Create(CultureInfo.InvariantCulture, $"""
            # Election failover: PgHa vs KubernetesClient's k8s.LeaderElection

            {BenchmarkReport.Machine()}; one embedded API server; 3 members per trial, lease duration {Lease.TotalSeconds:F0} s for both;
            PgHa loop wait and k8s.LeaderElection RetryPeriod {Retry.TotalMilliseconds:F0} ms. The leader's loop is killed without releasing;
            the time is from the lease's expiry (the server's commit of its last renew + the lease duration) to the server's commit of
            another member's successful write.

            | elector | trials | min | p50 | p99 | max | goal |
            |---|---|---|---|---|---|---|
            | PgHa (Lease lock) | {pgha.Count} | {pgha.Min:F1} ms | {pgha.P50:F1} ms | {pgha.P99:F1} ms | {pgha.Max:F1} ms | p99 ≤ 100 ms |
            | k8s.LeaderElection (LeaseLock) | {peer.Count} | {peer.Min:F1} ms | {peer.P50:F1} ms | {peer.P99:F1} ms | {peer.Max:F1} ms | |

            A negative time would mean a member took the lock before it expired; none may.

            Steady state, requests per minute per member (reads, writes and watch opens, from the server's request log):

            | elector | leader | each candidate |
            |---|---|---|
            | PgHa | {pghaLoad.Leader:F0} | {pghaLoad.Candidate:F0} |
            | k8s.LeaderElection | {peerLoad.Leader:F0} | {peerLoad.Candidate:F0} |
            """);
        var directory = await BenchmarkReport.WriteAsync("election", results, markdown);
        Console.WriteLine($"  written to {directory}");
        return 0;
    }

    private static async Task<LatencyStats> TrialsAsync(KubeApiServer server, string prefix, int trials, BenchmarkElectors.Start start)
    {
        var samples = new List<double>();
        for (var trial = 0; trial < trials; trial++)
        {
            var lockName = $"{prefix}-{trial}";
            var leading = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var signal = new SemaphoreSlim(0);
            var members = Enumerable.Range(0, 3).Select(i =>
            {
                var identity = $"{lockName}-m{i}";
                return (Identity: identity, Member: start(server, lockName, identity, () =>
                {
                    leading.Enqueue(identity);
                    signal.Release();
                }));
            }).ToList();

            await signal.WaitAsync(TimeSpan.FromSeconds(30));
            leading.TryDequeue(out var leader);
            var writes = new List<RequestRecord>();
            void OnRecorded(RequestRecord r)
            {
                if (r.Resource == "leases.coordination.k8s.io" && r.Name == lockName && r.StatusCode is 200 or 201 && r.Verb is "patch" or "update" or "create")
                {
                    lock (writes)
                    {
                        writes.Add(r);
                    }
                }
            }

            server.RequestLog.Recorded += OnRecorded;

            // Kill the leader right after one of its renewals has been committed, as a crash would.
            await Poll.UntilAsync(() =>
            {
                lock (writes)
                {
                    return writes.FirstOrDefault(w => w.Client == leader);
                }
            }, "a committed renewal of the leader");
            var killed = members.Single(m => m.Identity == leader);
            await killed.Member.DisposeAsync();
            await signal.WaitAsync(TimeSpan.FromSeconds(30));
            server.RequestLog.Recorded -= OnRecorded;
            RequestRecord lastRenew, takeover;
            lock (writes)
            {
                lastRenew = writes.Last(w => w.Client == leader);
                takeover = writes.First(w => w.Client != leader && Committed(w) > Committed(lastRenew));
            }

            samples.Add((Committed(takeover) - (Committed(lastRenew) + Lease)).TotalMilliseconds);
            foreach (var member in members.Where(m => m.Identity != leader))
            {
                await member.Member.DisposeAsync();
            }
        }

        return LatencyStats.From(samples);
    }

    private static async Task<(double Leader, double Candidate)> SteadyLoadAsync(KubeApiServer server, string lockName, BenchmarkElectors.Start start, TimeSpan window)
    {
        var elected = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var members = Enumerable.Range(0, 3).Select(i =>
        {
            var identity = $"{lockName}-m{i}";
            return start(server, lockName, identity, () => elected.TrySetResult(identity));
        }).ToList();
        var leader = await elected.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var before = server.RequestLog.Counts();
        await Task.Delay(window);
        var after = server.RequestLog.Counts();
        foreach (var member in members)
        {
            await member.DisposeAsync();
        }

        double PerMinute(string client) =>
            (after.Where(p => p.Key.Client == client).Sum(p => p.Value) - before.Where(p => p.Key.Client == client).Sum(p => p.Value)) / window.TotalMinutes;
        var candidates = Enumerable.Range(0, 3).Select(i => $"{lockName}-m{i}").Where(c => c != leader).ToList();
        return (PerMinute(leader), candidates.Average(PerMinute));
    }

    private static DateTimeOffset Committed(RequestRecord record) => record.Timestamp + record.Latency;
}
