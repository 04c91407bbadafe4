using System.Diagnostics;
using System.Globalization;
using System.Text;
using PgHa.Chaos.Tests.History;
using PgHa.Chaos.Tests.Scenario;
using PgHa.Chaos.Tests.Support;
using PgHa.Routing;
using PgHa.Testing;
using Xunit.Abstractions;

namespace PgHa.Chaos.Tests.Suite;

/// <summary>
/// The seeded chaos suite: <c>PGHA_CHAOS_SEEDS</c> scenarios (default 1000) from seed <c>PGHA_CHAOS_SEED_BASE</c>
/// (default 1), many at a time on a few embedded API servers. A soak: <c>PGHA_CHAOS_SEEDS=10000</c>. Every failing seed
/// is reported with the one command that replays it, its fault schedule and the history around the violation.
/// </summary>
public sealed class ChaosSuiteTests(ITestOutputHelper output)
{
    // Scenarios at a time, and servers they share (a namespace each). Mostly waiting on timers: far more than the cores.
    private static readonly int Parallel = int.TryParse(Environment.GetEnvironmentVariable("PGHA_CHAOS_PARALLEL"), CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 32;
    private const int Servers = 3;
    private const int SetupsAtOnce = 4;
    private const int Reruns = 3;
    private const int RerunParallel = 8;

    // The smallest margin the checks rest on is 150 ms real (the safety margin at the drift bound; the route
    // allowance). A run in which a host timer fired more than a third of that late did not keep the premise.
    private const double StallLimitMs = 50;

    // A new scenario waits while timers run this late.
    private const double AdmitLagMs = 20;
    private const int ReportedFailures = 3;

    [Fact]
    public async Task Seeded_scenarios_keep_one_leader_a_fenced_route_liveness_and_foreign_annotations()
    {
        // Hundreds of loops, watches and server requests share the pool: start with enough threads that a burst
        // does not wait for the pool to grow (which would add latency the checker counts against the code).
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
        var first = ChaosSettings.SeedBase;
        var count = ChaosSettings.Seeds;
        var clock = Stopwatch.StartNew();
        await using var probe = new HostProbe();
        var servers = new List<KubeApiServer>();
        for (var i = 0; i < Servers; i++)
        {
            servers.Add(await KubeApiServer.StartAsync(new KubeApiServerOptions { Seed = first + i }));
        }

        var outcomes = new Outcomes();
        try
        {
            // One quiet scenario first, alone: the first run of everything (JIT, connections) is slow, and 32 of them
            // at once would time the harness, not the code. It is not counted.
            var warmup = await ScenarioRunner.RunAsync(servers[0], FaultPlan.Fixed(0, 3), "warmup", CheckerLimits.Default);
            warmup.Violations.Should().BeEmpty("a run without faults must pass: {0}", warmup.Passed ? string.Empty : warmup.Report("(warm-up)"));

            var seeds = Enumerable.Range(0, count).Select(i => first + i).ToList();
            var disturbed = await RunAllAsync(seeds, attempt: 0, Parallel, servers, probe, outcomes);

            // Seeds that failed while the host stalled run again, fewer at a time, until a run is undisturbed.
            for (var attempt = 1; attempt <= Reruns && disturbed.Count > 0; attempt++)
            {
                outcomes.Rerun += disturbed.Count;
                disturbed = await RunAllAsync(disturbed, attempt, RerunParallel, servers, probe, outcomes);
            }

            foreach (var seed in disturbed)
            {
                outcomes.Failed.Add(outcomes.Last[seed]);
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }

        clock.Stop();
        var summary = Summary(outcomes, clock.Elapsed, servers.Sum(s => s.Faults.InjectedCount));
        output.WriteLine(summary);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "chaos-summary.txt"), summary);

        var report = new StringBuilder();
        foreach (var result in outcomes.Failed.OrderBy(r => r.Plan.Seed).Take(ReportedFailures))
        {
            report.AppendLine(result.Report(ChaosSettings.ReplayCommand(result.Plan.Seed))).AppendLine();
        }

        foreach (var error in outcomes.Errors.Take(ReportedFailures))
        {
            report.AppendLine(error.Text).AppendLine();
        }

        (outcomes.Failed.Count + outcomes.Errors.Count).Should().Be(0,
            "every seed must pass; failing seeds: {0}{1}{2}{1}{3}",
            string.Join(", ", outcomes.Failed.Select(r => r.Plan.Seed).Concat(outcomes.Errors.Select(e => e.Seed)).Order()),
            Environment.NewLine, summary, report);
    }

    /// <summary>Runs the seeds, recording each outcome; returns the seeds that failed while the host stalled (to run again).</summary>
    private static async Task<List<int>> RunAllAsync(List<int> seeds, int attempt, int parallel, List<KubeApiServer> servers, HostProbe probe, Outcomes outcomes)
    {
        using var gate = new SemaphoreSlim(parallel);
        using var setups = new SemaphoreSlim(SetupsAtOnce);
        var disturbed = new List<int>();
        await Task.WhenAll(seeds.Select(async (seed, i) =>
        {
            await gate.WaitAsync();
            try
            {
                await AdmitAsync(probe);
                var id = Id(seed) + (attempt == 0 ? string.Empty : "-r" + attempt.ToString(CultureInfo.InvariantCulture));
                var result = await ScenarioRunner.RunAsync(servers[i % Servers], FaultPlan.Draw(seed), id, CheckerLimits.Default, setupGate: setups);
                var stall = probe.WorstBetween(result.History.Origin, result.History.EndedAt ?? ChaosHistory.Now);
                lock (outcomes)
                {
                    outcomes.Runs.Add(result);
                    outcomes.Last[seed] = result;
                    outcomes.WorstStall = Math.Max(outcomes.WorstStall, stall);
                    if (result.Passed)
                    {
                        outcomes.Passed++;
                    }
                    else if (stall > StallLimitMs)
                    {
                        disturbed.Add(seed);
                        outcomes.Disturbed.Add((result, stall));
                    }
                    else
                    {
                        outcomes.Failed.Add(result);
                    }
                }
            }
#pragma warning disable CA1031 // A scenario that throws is a failing seed, reported with the others.
            catch (Exception e)
#pragma warning restore CA1031
            {
                lock (outcomes)
                {
                    outcomes.Errors.Add((seed, $"seed {seed} threw. Replay: {ChaosSettings.ReplayCommand(seed)}{Environment.NewLine}{e}"));
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return disturbed;
    }

    /// <summary>Starts no scenario while the host is stalling (other test projects busy on the same cores), for up to a few seconds.</summary>
    private static async Task AdmitAsync(HostProbe probe)
    {
        var giveUp = ChaosHistory.Now + ChaosHistory.Ticks(TimeSpan.FromSeconds(3));
        while (probe.WorstRecently(TimeSpan.FromMilliseconds(250)) > AdmitLagMs && ChaosHistory.Now < giveUp)
        {
            await Task.Delay(20);
        }
    }

    private static string Id(int seed) => seed < 0 ? "n" + (-(long)seed).ToString(CultureInfo.InvariantCulture) : seed.ToString(CultureInfo.InvariantCulture);

    private static string Summary(Outcomes outcomes, TimeSpan elapsed, long requestsHit)
    {
        var done = outcomes.Runs;
        var failures = outcomes.Failed.Count + outcomes.Errors.Count;
        var faults = done.SelectMany(r => r.Faults).GroupBy(f => f.Key).OrderBy(g => g.Key)
            .Select(g => $"{g.Key}={g.Sum(f => f.Value)}");
        var writes = done.SelectMany(r => r.History.RouteWrites.Where(w => w.Follower == FaultPlan.FollowerA && w.Outcome == RouteOutcome.Applied))
            .Select(w => ChaosHistory.Ms(w.End - w.Start)).Order().ToList();
        var violations = outcomes.Failed.SelectMany(r => r.Violations).GroupBy(v => v.Check).Select(g => $"{g.Key}={g.Count()}");
        var fenced = done.Sum(r => r.History.RouteWrites.Count(w => w.Outcome == RouteOutcome.Fenced));
        var lags = done.SelectMany(r => RouteLagsMs(r.History)).Order().ToList();
        var firstWrites = done.SelectMany(r => r.History.RouteWrites.Where(w => w.Follower == FaultPlan.FollowerA).Take(1)).Select(w => ChaosHistory.Ms(w.End - w.Start)).Order().ToList();
        var settle = done.Where(r => r.History.FaultsOverAt is not null).Select(r => SettleMs(r.History)).Order().ToList();
        var disturbed = outcomes.Disturbed.Take(10).Select(d => $"  seed {d.Result.Plan.Seed} (host stalled {d.StallMs:0}ms): {d.Result.Violations[0].Check}: {d.Result.Violations[0].Message}");
        return $"""
            chaos: {ChaosSettings.Seeds - failures} passed, {failures} failed of {ChaosSettings.Seeds} seeds in {elapsed.TotalSeconds:0.0}s ({Parallel} at a time on {Servers} servers); {done.Count} runs
            seeds {ChaosSettings.SeedBase}..{ChaosSettings.SeedBase + ChaosSettings.Seeds - 1}; elector ttl {ChaosTimings.Ttl.TotalSeconds}s at x{ChaosTimings.Speed} = {ChaosTimings.RealTtl.TotalMilliseconds}ms real
            locks: {string.Join(", ", done.GroupBy(r => r.Plan.LockKind).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}"))}; members: {string.Join(", ", done.GroupBy(r => r.Plan.Members).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}"))}
            faults injected (events): {string.Join(", ", faults)}; requests hit by fault rules: {requestsHit}
            violations: {(failures == 0 ? "none" : string.Join(", ", violations))}
            runs again after failing while the host stalled > {StallLimitMs}ms: {outcomes.Rerun} (worst host timer delay in any run: {outcomes.WorstStall:0}ms)
            {(outcomes.Disturbed.Count == 0 ? string.Empty : string.Join(Environment.NewLine, disturbed))}
            route writes (follower-a, applied): {writes.Count}, p50 {Percentile(writes, 0.5):0.0}ms, p99 {Percentile(writes, 0.99):0.0}ms, max {writes.DefaultIfEmpty(0).Max():0.0}ms; fenced writes (stale terms refused): {fenced}
            first route write of each scenario (lists the Service and slices first): p50 {Percentile(firstWrites, 0.5):0.0}ms, p99 {Percentile(firstWrites, 0.99):0.0}ms
            lag from a lock holder change to the route leaving the old holder ({lags.Count} changes): p50 {Percentile(lags, 0.5):0.0}ms, p99 {Percentile(lags, 0.99):0.0}ms, max {lags.DefaultIfEmpty(0).Max():0.0}ms (allowance {CheckerLimits.DefaultRouteAllowance.TotalMilliseconds}ms)
            settled after the faults stopped: p50 {Percentile(settle, 0.5):0}ms, p99 {Percentile(settle, 0.99):0}ms, max {settle.DefaultIfEmpty(0).Max():0}ms (bound {CheckerLimits.Default.LivenessBound.TotalMilliseconds:0}ms)
            """;
    }

    private static double Percentile(List<double> sorted, double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];

    // How long the route kept leading to a member after the lock stopped naming it (the routing check's measured side).
    private static IEnumerable<double> RouteLagsMs(ChaosHistory history)
    {
        var locks = history.Locks.OrderBy(l => l.At).ToList();
        for (var i = 1; i < locks.Count; i++)
        {
            if (locks[i - 1].Holder is not { } old || locks[i].Holder == old)
            {
                continue;
            }

            var moved = history.Routes.Where(r => r.At >= locks[i].At && r.Target?.Split('+').Contains(old) != true).Select(r => (long?)r.At).FirstOrDefault();
            var stillThere = history.Routes.LastOrDefault(r => r.At < locks[i].At)?.Target?.Split('+').Contains(old) == true;
            if (stillThere && moved is { } at)
            {
                yield return ChaosHistory.Ms(at - locks[i].At);
            }
        }
    }

    private static double SettleMs(ChaosHistory history)
    {
        var over = history.FaultsOverAt!.Value;
        var settled = history.Read(() => HistoryChecker.SettledAt(history, history.EndedAt ?? ChaosHistory.Now)) ?? over;
        return ChaosHistory.Ms(Math.Max(settled, over) - over);
    }

    /// <summary>What the runs came to, shared by the parallel runs (under its own lock).</summary>
    private sealed class Outcomes
    {
        public List<ScenarioResult> Runs { get; } = [];

        public Dictionary<int, ScenarioResult> Last { get; } = [];

        public List<ScenarioResult> Failed { get; } = [];

        public List<(int Seed, string Text)> Errors { get; } = [];

        public List<(ScenarioResult Result, double StallMs)> Disturbed { get; } = [];

        public int Passed { get; set; }

        public int Rerun { get; set; }

        public double WorstStall { get; set; }
    }
}
