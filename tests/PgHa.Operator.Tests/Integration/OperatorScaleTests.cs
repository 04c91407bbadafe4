using System.Diagnostics;
using PgHa.Operator.Tests.Support;
using Xunit.Abstractions;

namespace PgHa.Operator.Tests.Integration;

/// <summary>Many clusters in one operator: a cold start, an idle operator, and lost or expired watches while locks move.</summary>
public sealed class OperatorScaleTests(ITestOutputHelper output)
{
    private const int Clusters = 200;
    private const int Members = 3;

    [Fact]
    public async Task Two_hundred_clusters_route_correctly_idle_for_free_and_recover_from_dropped_and_expired_watches()
    {
        var started = Stopwatch.StartNew();
        await using var harness = await OperatorHarness.StartAsync(o => o.MaxConcurrentReconciles = 8, run: false);
        var expected = new Dictionary<string, string?>();
        await ForEachClusterAsync(async i =>
        {
            var name = Name(i);
            await harness.CreateClusterAsync(name);
            for (var m = 0; m < Members; m++)
            {
                await harness.CreateMemberAsync(name, m, OperatorHarness.PodIp(i, m));
            }

            await harness.WriteLockAsync(name, OperatorHarness.PodName(name, 0), 1);
        });
        for (var i = 0; i < Clusters; i++)
        {
            expected[Name(i)] = OperatorHarness.PodIp(i, 0);
        }

        output.WriteLine($"set-up: {started.ElapsedMilliseconds} ms");

        // Cold start: every route correct, every status written.
        var cold = Stopwatch.StartNew();
        await harness.RunAsync();
        await harness.WaitForRoutesAsync(expected, TimeSpan.FromSeconds(30));
        output.WriteLine($"cold start, all routes correct: {cold.ElapsedMilliseconds} ms; operator requests {harness.OperatorRequests()}");
        await WaitForStatusesAsync(harness, expected);
        await WaitForQuietQueueAsync(harness);

        // Idle: nothing changes, so nothing is written (status included) and nothing is read but the open watches.
        var writes = harness.OperatorWrites();
        var requests = harness.OperatorRequests();
        await Task.Delay(TimeSpan.FromSeconds(3));
        harness.OperatorWrites().Should().Be(writes, "an idle operator writes nothing");
        harness.OperatorRequests().Should().Be(requests, "an idle operator reads nothing either (its watches are open already)");
        harness.Operator.Caches.All.Should().OnlyContain(i => i.Lists == 1, "each kind was listed once");

        // Expired (410: re-list) and dropped (resume) watches while the locks of many clusters move.
        var reopened = Reopened(harness);
        harness.Server.Faults.ExpireWatches(OperatorHarness.OperatorClient).Should().BeGreaterThan(0);
        await ForEachClusterAsync(async i =>
        {
            if (i % 2 == 0)
            {
                await harness.WriteLockAsync(Name(i), OperatorHarness.PodName(Name(i), 1), 2);
                expected[Name(i)] = OperatorHarness.PodIp(i, 1);
            }
        });
        await reopened();
        reopened = Reopened(harness);
        harness.Server.Faults.CloseWatches(OperatorHarness.OperatorClient).Should().BeGreaterThan(0);
        await ForEachClusterAsync(async i =>
        {
            if (i % 3 == 0)
            {
                await harness.WriteLockAsync(Name(i), OperatorHarness.PodName(Name(i), 2), 3);
                expected[Name(i)] = OperatorHarness.PodIp(i, 2);
            }
        });
        await reopened();
        harness.Server.Faults.CloseWatches(OperatorHarness.OperatorClient).Should().BeGreaterThan(0);

        await harness.WaitForRoutesAsync(expected, TimeSpan.FromSeconds(30));
        await WaitForStatusesAsync(harness, expected);
        harness.Operator.Caches.All.Should().OnlyContain(i => i.Lists >= 2, "the 410 made every kind list again");
        output.WriteLine($"total {started.ElapsedMilliseconds} ms; operator requests {harness.OperatorRequests()}, writes {harness.OperatorWrites()}");
    }

    // Completes once the server has opened a new watch of every kind for the operator (the request log records a watch
    // once it is subscribed, so a fault injected after this reaches it); a timeout names the kinds that have none.
    private static Func<Task> Reopened(OperatorHarness harness)
    {
        var kinds = harness.Operator.Caches.All.ToDictionary(i => i.Kind, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        void Recorded(PgHa.Testing.Diagnostics.RequestRecord r)
        {
            if (r.Client == OperatorHarness.OperatorClient && r.Verb == "watch" && r.StatusCode == 200 && r.Resource is { } kind && kinds.TryGetValue(kind, out var opened))
            {
                opened.TrySetResult();
            }
        }

        harness.Server.RequestLog.Recorded += Recorded;
        return async () =>
        {
            try
            {
                await Task.WhenAll(kinds.Values.Select(k => k.Task)).WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (TimeoutException)
            {
                throw new TimeoutException("no new watch within 15 s of " + string.Join(", ", kinds.Where(k => !k.Value.Task.IsCompleted).Select(k => k.Key)));
            }
            finally
            {
                harness.Server.RequestLog.Recorded -= Recorded;
            }
        };
    }

    private static string Name(int i) => $"pg-{i:D3}";

    private static async Task ForEachClusterAsync(Func<int, Task> body) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, Clusters), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) => await body(i));

    private static async Task WaitForStatusesAsync(OperatorHarness harness, Dictionary<string, string?> expected)
    {
        var leaders = expected.ToDictionary(e => e.Key, e => OperatorHarness.PodName(e.Key, int.Parse(e.Value!.Split('.')[3], System.Globalization.CultureInfo.InvariantCulture) - 10));
        await harness.WaitForAllStatusesAsync(statuses => leaders.All(l =>
            statuses.TryGetValue(l.Key, out var s) && OperatorHarness.Condition(s, "reason") == "Routed" && s.GetProperty("leader").GetString() == l.Value),
            TimeSpan.FromSeconds(30));
    }

    // The last status writes come back as watch events and are reconciled (to no write); the idle window starts after.
    private static Task WaitForQuietQueueAsync(OperatorHarness harness) =>
        harness.Operator.Queue.IdleAsync().WaitAsync(TimeSpan.FromSeconds(15));
}
