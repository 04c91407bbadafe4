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
        var servers = new List<KubeApiServer>();
        for (var i = 0; i < Servers; i++)
        {
            servers.Add(await KubeApiServer.StartAsync(new KubeApiServerOptions { Seed = first + i }));
        }

        // One quiet scenario first, alone: the first run of everything (JIT, connections) is slow, and 32 of them at
        // once would time the harness, not the code. It is not counted.
        var warmup = await ScenarioRunner.RunAsync(servers[0], FaultPlan.Fixed(0, 3), "warmup", CheckerLimits.Default);
        warmup.Violations.Should().BeEmpty("a run without faults must pass: {0}", warmup.Passed ? string.Empty : warmup.Report("(warm-up)"));

        using var setups = new SemaphoreSlim(SetupsAtOnce);
        var results = new ScenarioResult?[count];
        var errors = new List<string>();
        try
        {
            using var gate = new SemaphoreSlim(Parallel);
            await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    var seed = first + i;
                    var plan = FaultPlan.Draw(seed);
                    results[i] = await ScenarioRunner.RunAsync(servers[i % Servers], plan, Id(seed), CheckerLimits.Default, setupGate: setups);
                }
#pragma warning disable CA1031 // A scenario that throws is a failing seed, reported with the others.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    lock (errors)
                    {
                        errors.Add($"seed {first + i} threw. Replay: {ChaosSettings.ReplayCommand(first + i)}{Environment.NewLine}{e}");
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }

        clock.Stop();
        var done = results.OfType<ScenarioResult>().ToList();
        var failed = done.Where(r => !r.Passed).ToList();
        var summary = Summary(done, failed.Count + errors.Count, clock.Elapsed, servers.Sum(s => s.Faults.InjectedCount));
        output.WriteLine(summary);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "chaos-summary.txt"), summary);

        var report = new StringBuilder();
        foreach (var result in failed.Take(ReportedFailures))
        {
            report.AppendLine(result.Report(ChaosSettings.ReplayCommand(result.Plan.Seed))).AppendLine();
        }

        foreach (var error in errors.Take(ReportedFailures))
        {
            report.AppendLine(error).AppendLine();
        }

        (failed.Count + errors.Count).Should().Be(0,
            "every seed must pass; failing seeds: {0}{1}{2}{1}{3}",
            string.Join(", ", failed.Select(r => r.Plan.Seed).Concat(errors.Select(e => int.Parse(e.Split(' ')[1], CultureInfo.InvariantCulture))).Order()),
            Environment.NewLine, summary, report);
    }

    private static string Id(int seed) => seed < 0 ? "n" + (-(long)seed).ToString(CultureInfo.InvariantCulture) : seed.ToString(CultureInfo.InvariantCulture);

    private static string Summary(List<ScenarioResult> done, int failures, TimeSpan elapsed, long requestsHit)
    {
        var faults = done.SelectMany(r => r.Faults).GroupBy(f => f.Key).OrderBy(g => g.Key)
            .Select(g => $"{g.Key}={g.Sum(f => f.Value)}");
        var writes = done.SelectMany(r => r.History.RouteWrites.Where(w => w.Follower == FaultPlan.FollowerA && w.Outcome == RouteOutcome.Applied))
            .Select(w => ChaosHistory.Ms(w.End - w.Start)).Order().ToList();
        var violations = done.SelectMany(r => r.Violations).GroupBy(v => v.Check).Select(g => $"{g.Key}={g.Count()}");
        var fenced = done.Sum(r => r.History.RouteWrites.Count(w => w.Outcome == RouteOutcome.Fenced));
        var lags = done.SelectMany(r => RouteLagsMs(r.History)).Order().ToList();
        var firstWrites = done.SelectMany(r => r.History.RouteWrites.Where(w => w.Follower == FaultPlan.FollowerA).Take(1)).Select(w => ChaosHistory.Ms(w.End - w.Start)).Order().ToList();
        var settle = done.Where(r => r.History.FaultsOverAt is not null).Select(r => SettleMs(r.History)).Order().ToList();
        return $"""
            chaos: {ChaosSettings.Seeds - failures} passed, {failures} failed of {ChaosSettings.Seeds} seeds in {elapsed.TotalSeconds:0.0}s ({Parallel} at a time on {Servers} servers)
            seeds {ChaosSettings.SeedBase}..{ChaosSettings.SeedBase + ChaosSettings.Seeds - 1}; elector ttl {ChaosTimings.Ttl.TotalSeconds}s at x{ChaosTimings.Speed} = {ChaosTimings.RealTtl.TotalMilliseconds}ms real
            faults injected (events): {string.Join(", ", faults)}; requests hit by fault rules: {requestsHit}
            violations: {(failures == 0 ? "none" : string.Join(", ", violations))}
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
}
