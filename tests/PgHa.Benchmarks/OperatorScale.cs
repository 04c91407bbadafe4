using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Models;
using PgHa.Operator;
using PgHa.Routing;
using PgHa.Routing.Resources;
using PgHa.Testing;

namespace PgHa.Benchmarks;

/// <summary>
/// The sample operator at scale on the embedded API server: N postgresql clusters of three member Pods, each with a
/// ConfigMap lock held by its first member. Measures the cold start (operator started after everything exists, until
/// every route leads to its lock holder as seen by a separate slice watcher, as kube-proxy watches), memory, the API
/// writes and requests of an idle window (goal 0), and 100 simultaneous lock moves until every route is correct.
/// </summary>
internal static class OperatorScale
{
    private const string Ns = "default";
    private const string OperatorClient = "pgha-operator";
    private static readonly string[] WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var quick = args.Contains("--quick");
        var clusters = quick ? 50 : 1000;
        for (var i = 0; i + 1 < args.Count; i++)
        {
            if (args[i] == "--clusters")
            {
                clusters = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
        }

        // The embedded server's EndpointSlice controller (for the -repl Services) costs the shared 2 cores more than the operator does.
        var sliceController = !args.Contains("--no-slice-controller");
        var idle = quick ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(60);
        var moves = Math.Min(100, clusters);
        Console.WriteLine($"operator: {clusters} clusters x 3 pods, idle window {idle.TotalSeconds:0} s, {moves} simultaneous lock moves{(sliceController ? string.Empty : ", server's EndpointSlice controller off")}; {BenchmarkReport.Machine()}");

        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { RequestLogCapacity = 100_000, EnableEndpointSliceController = sliceController });
        var admin = server.Client;
        await PostgresqlCrd.InstallAsync(admin, CancellationToken.None);
        var setup = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, clusters), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            await CreateClusterAsync(admin, Name(i), ct);
            for (var m = 0; m < 3; m++)
            {
                await CreateMemberAsync(admin, Name(i), m, Ip(i, m), ct);
            }

            await WriteLockAsync(admin, Name(i), Pod(Name(i), 0), 1, ct);
        });
        Console.WriteLine($"  set-up: {setup.Elapsed.TotalSeconds:F1} s ({server.RequestLog.Total} requests)");

        var expected = new ConcurrentDictionary<string, string>(Enumerable.Range(0, clusters).Select(i => KeyValuePair.Create(Name(i), Ip(i, 0))));
        await using var routes = await RouteWatcher.StartAsync(admin, expected);

        using var sampler = new MemorySampler();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var changes = new ConcurrentDictionary<string, long>();
        await using var op = new PostgresOperator(server.CreateClient(OperatorClient), new OperatorOptions { MaxConcurrentReconciles = 8 });
        op.RouteChanged += (_, e) => changes[e.Cluster] = e.Timestamp;
        using var stop = new CancellationTokenSource();
        var cold = Stopwatch.StartNew();
        var run = op.RunAsync(stop.Token);
        await op.WaitForSyncAsync(CancellationToken.None);
        var synced = cold.Elapsed;
        await routes.AllCorrectAsync(TimeSpan.FromMinutes(5));
        var coldRoutes = cold.Elapsed;
        await op.Queue.IdleAsync().WaitAsync(TimeSpan.FromMinutes(5));
        var coldDone = cold.Elapsed;
        var coldRequests = Requests(server);
        var coldWrites = Writes(server);
        foreach (var group in server.RequestLog.Snapshot().Where(r => r.Client == OperatorClient).GroupBy(r => (r.Verb, r.Resource, r.Subresource)).OrderByDescending(g => g.Count()))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {group.Key.Verb} {group.Key.Resource}{(group.Key.Subresource is null ? string.Empty : "/" + group.Key.Subresource)}: {group.Count()} requests, server-side mean {group.Average(r => r.Latency.TotalMilliseconds):F2} ms"));
        }

        Console.WriteLine($"  cold start: informers synced {synced.TotalMilliseconds:F0} ms; all routes correct {coldRoutes.TotalMilliseconds:F0} ms; queue drained {coldDone.TotalMilliseconds:F0} ms; {coldRequests} requests ({coldWrites} writes)");

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        var retained = heapAfter - heapBefore;

        // Idle: the informers' watches are open, locks are not renewed (a renewal costs reads only: see the tests).
        var idleWrites0 = Writes(server);
        var idleRequests0 = Requests(server);
        await Task.Delay(idle);
        var idleWrites = Writes(server) - idleWrites0;
        var idleRequests = Requests(server) - idleRequests0;
        Console.WriteLine($"  idle {idle.TotalSeconds:0} s: {idleWrites} writes, {idleRequests} requests");

        // 100 lock moves at once: from the first lock write to every route correct, and per cluster lock write -> route written.
        var moved = Enumerable.Range(0, moves).Select(i => i * (clusters / moves)).ToArray();
        var started = new ConcurrentDictionary<string, long>();
        changes.Clear();
        var moveRequests0 = Requests(server);
        foreach (var i in moved)
        {
            expected[Name(i)] = Ip(i, 1);
        }

        routes.ExpectationsChanged();
        var movesClock = Stopwatch.StartNew();
        await Task.WhenAll(moved.Select(async i =>
        {
            started[Name(i)] = Stopwatch.GetTimestamp();
            await WriteLockAsync(admin, Name(i), Pod(Name(i), 1), 2, CancellationToken.None);
        }));
        await routes.AllCorrectAsync(TimeSpan.FromMinutes(2));
        var allMoved = movesClock.Elapsed;
        await op.Queue.IdleAsync().WaitAsync(TimeSpan.FromMinutes(1));
        var moveRequests = Requests(server) - moveRequests0;
        var perCluster = LatencyStats.From(moved.Where(i => changes.ContainsKey(Name(i)))
            .Select(i => Stopwatch.GetElapsedTime(started[Name(i)], changes[Name(i)]).TotalMilliseconds));
        Console.WriteLine($"  {moves} simultaneous lock moves: all routes correct after {allMoved.TotalMilliseconds:F0} ms; lock write -> route written {perCluster}; {moveRequests} operator requests");

        await stop.CancelAsync();
        await run;
        var peak = sampler.Stop();
        Console.WriteLine($"  memory: peak managed heap {Mb(peak.Managed)} MB, peak working set {Mb(peak.WorkingSet)} MB (process, API server included); operator's retained heap after the cold start ~{Mb(retained)} MB");

        var results = new
        {
            scenario = "operator",
            machine = BenchmarkReport.Machine(),
            clusters,
            podsPerCluster = 3,
            maxConcurrentReconciles = 8,
            endpointSliceController = sliceController,
            coldStartMs = new { informersSynced = synced.TotalMilliseconds, allRoutesCorrect = coldRoutes.TotalMilliseconds, queueDrained = coldDone.TotalMilliseconds },
            coldStartRequests = new { total = coldRequests, writes = coldWrites, perCluster = (double)coldRequests / clusters },
            memoryMb = new { peakManagedHeap = Mb(peak.Managed), peakWorkingSet = Mb(peak.WorkingSet), operatorRetainedHeap = Mb(retained) },
            idle = new { seconds = idle.TotalSeconds, writes = idleWrites, requests = idleRequests, goalWrites = 0 },
            lockMoves = new { count = moves, allRoutesCorrectMs = allMoved.TotalMilliseconds, lockWriteToRouteWrittenMs = perCluster, requests = moveRequests },
        };
        var markdown = string.Create(CultureInfo.InvariantCulture, $"""
            # Operator at scale

            {BenchmarkReport.Machine()}; one embedded API server on loopback in the same process; {clusters} `postgresql`
            clusters of 3 member Pods, each with a ConfigMap lock held by its first member, all created before the operator
            starts; `MaxConcurrentReconciles` 8; the server's EndpointSlice controller (which serves the `-repl` Services, in the
            same process and on the same cores) {(sliceController ? "on" : "off")}. "Correct" is judged by a separate watcher of the EndpointSlices (as kube-proxy
            watches them): every master Service's slice leads to its lock holder's Pod IP.

            | measure | value |
            |---|---|
            | cold start: informers synced | {synced.TotalMilliseconds:F0} ms |
            | cold start: every route correct | {coldRoutes.TotalMilliseconds:F0} ms |
            | cold start: queue drained (statuses written) | {coldDone.TotalMilliseconds:F0} ms |
            | cold start API requests (writes) | {coldRequests} ({coldWrites}), {(double)coldRequests / clusters:F1} per cluster |
            | peak managed heap / working set (process, server included) | {Mb(peak.Managed)} MB / {Mb(peak.WorkingSet)} MB |
            | operator's retained managed heap after the cold start | ~{Mb(retained)} MB |
            | idle {idle.TotalSeconds:0} s: API writes (goal 0) / requests | {idleWrites} / {idleRequests} |
            | {moves} simultaneous lock moves: every route correct after | {allMoved.TotalMilliseconds:F0} ms |
            | lock write → route written, per cluster | p50 {perCluster.P50:F1} ms, p99 {perCluster.P99:F1} ms, max {perCluster.Max:F1} ms |
            | API requests for the {moves} moves | {moveRequests} |

            Command: `dotnet run -c Release --project tests/PgHa.Benchmarks -- operator --clusters {clusters}{(quick ? " --quick" : string.Empty)}{(sliceController ? string.Empty : " --no-slice-controller")}`.
            """);
        var directory = await BenchmarkReport.WriteAsync("operator", results, markdown);
        Console.WriteLine($"  written to {directory}");
        return 0;
    }

    private static string Name(int i) => $"pg-{i:D4}";

    private static string Pod(string cluster, int ordinal) => $"{cluster}-{ordinal}";

    private static string Ip(int cluster, int ordinal) => $"10.{100 + (cluster / 250)}.{cluster % 250}.{ordinal + 10}";

    private static double Mb(long bytes) => Math.Round(bytes / 1048576.0, 1);

    private static long Writes(KubeApiServer server) => WriteVerbs.Sum(v => server.RequestLog.Count(OperatorClient, v));

    private static long Requests(KubeApiServer server) => server.RequestLog.Counts().Where(c => c.Key.Client == OperatorClient).Sum(c => c.Value);

    private static Task<object> CreateClusterAsync(IKubernetes admin, string name, CancellationToken ct) =>
        admin.CustomObjects.CreateNamespacedCustomObjectAsync(
            new Dictionary<string, object>
            {
                ["apiVersion"] = "acid.zalan.do/v1",
                ["kind"] = "postgresql",
                ["metadata"] = new Dictionary<string, object> { ["name"] = name, ["namespace"] = Ns },
                ["spec"] = new Dictionary<string, object>
                {
                    ["teamId"] = "acid",
                    ["numberOfInstances"] = 3,
                    ["postgresql"] = new Dictionary<string, object> { ["version"] = "15" },
                    ["volume"] = new Dictionary<string, object> { ["size"] = "1Gi" },
                },
            },
            "acid.zalan.do", "v1", Ns, "postgresqls", cancellationToken: ct);

    private static async Task CreateMemberAsync(IKubernetes admin, string cluster, int ordinal, string ip, CancellationToken ct)
    {
        var pod = await admin.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta
                {
                    Name = Pod(cluster, ordinal),
                    Labels = new Dictionary<string, string> { ["application"] = "spilo", ["cluster-name"] = cluster, ["spilo-role"] = ordinal == 0 ? "master" : "replica" },
                },
                Spec = new V1PodSpec { NodeName = "node-" + ordinal, Containers = [new V1Container { Name = "postgres", Image = "spilo" }] },
            },
            Ns, cancellationToken: ct);
        pod.Status = new V1PodStatus { Phase = "Running", PodIP = ip, PodIPs = [new V1PodIP { Ip = ip }], Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] };
        await admin.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Name(), Ns, cancellationToken: ct);
    }

    private static async Task WriteLockAsync(IKubernetes admin, string cluster, string holder, long transitions, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);
        var annotations = new Dictionary<string, string>
        {
            ["leader"] = holder,
            ["transitions"] = transitions.ToString(CultureInfo.InvariantCulture),
            ["ttl"] = "3600",
            ["renewTime"] = now,
            ["acquireTime"] = now,
        };
        if (transitions == 1)
        {
            await admin.CoreV1.CreateNamespacedConfigMapAsync(
                new V1ConfigMap { Metadata = new V1ObjectMeta { Name = cluster + "-leader", Labels = new Dictionary<string, string> { ["application"] = "spilo", ["cluster-name"] = cluster }, Annotations = annotations } },
                Ns, cancellationToken: ct);
            return;
        }

        var patch = new V1Patch(JsonSerializer.Serialize(new { metadata = new { annotations } }), V1Patch.PatchType.MergePatch);
        await admin.CoreV1.PatchNamespacedConfigMapAsync(patch, cluster + "-leader", Ns, cancellationToken: ct);
    }

    /// <summary>
    /// Follows every master Service's route through one slice watch and tells when all lead where expected. Each event
    /// re-judges only its own cluster, so the checker's cost does not grow with the number of clusters.
    /// </summary>
    private sealed class RouteWatcher : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, string> _expected;
        private readonly Dictionary<string, Dictionary<string, string?>> _routes = new(StringComparer.Ordinal);
        private readonly HashSet<string> _wrong = new(StringComparer.Ordinal);
        private readonly CancellationTokenSource _stop = new();
        private readonly object _gate = new();
        private TaskCompletionSource _allCorrect = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task _run = Task.CompletedTask;

        private RouteWatcher(ConcurrentDictionary<string, string> expected) => _expected = expected;

        public static async Task<RouteWatcher> StartAsync(IKubernetes admin, ConcurrentDictionary<string, string> expected)
        {
            var watcher = new RouteWatcher(expected);
            var list = await admin.DiscoveryV1.ListNamespacedEndpointSliceAsync(Ns);
            foreach (var slice in list.Items)
            {
                watcher.Apply(WatchEventType.Added, slice);
            }

            watcher.ExpectationsChanged();
            watcher._run = watcher.WatchAsync(admin, list.ResourceVersion());
            return watcher;
        }

        public void ExpectationsChanged()
        {
            lock (_gate)
            {
                _wrong.Clear();
                foreach (var cluster in _expected.Keys)
                {
                    Judge(cluster);
                }
            }
        }

        public async Task AllCorrectAsync(TimeSpan timeout)
        {
            Task allCorrect;
            lock (_gate)
            {
                if (_wrong.Count == 0)
                {
                    return;
                }

                allCorrect = _allCorrect.Task;
            }

            await allCorrect.WaitAsync(timeout);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _run;
            }
            catch (OperationCanceledException)
            {
            }

            _stop.Dispose();
        }

        private async Task WatchAsync(IKubernetes admin, string version)
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await foreach (var (type, slice) in admin.DiscoveryV1.WatchListNamespacedEndpointSliceAsync(Ns, resourceVersion: version, allowWatchBookmarks: true, cancellationToken: _stop.Token))
                    {
                        version = slice.ResourceVersion() ?? version;
                        Apply(type, slice);
                    }
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }

        private void Apply(WatchEventType type, V1EndpointSlice slice)
        {
            if (slice?.Metadata?.Name is null || type is not (WatchEventType.Added or WatchEventType.Modified or WatchEventType.Deleted) ||
                slice.GetLabel(RouteMetadata.ManagedByLabel) != PrimaryRouterOptions.DefaultManagedBy || slice.GetLabel(RouteMetadata.ServiceNameLabel) is not { } cluster)
            {
                return;
            }

            lock (_gate)
            {
                if (!_routes.TryGetValue(cluster, out var slices))
                {
                    _routes[cluster] = slices = new Dictionary<string, string?>(StringComparer.Ordinal);
                }

                if (type == WatchEventType.Deleted)
                {
                    slices.Remove(slice.Name());
                }
                else
                {
                    slices[slice.Name()] = slice.Endpoints?.SingleOrDefault()?.Addresses?.SingleOrDefault();
                }

                Judge(cluster);
            }
        }

        // Under the gate: whether the cluster's route leads where expected (one slice of ours, with the expected address).
        private void Judge(string cluster)
        {
            if (!_expected.TryGetValue(cluster, out var address))
            {
                return;
            }

            if (_routes.TryGetValue(cluster, out var slices) && slices.Count == 1 && slices.Values.Single() == address)
            {
                _wrong.Remove(cluster);
                if (_wrong.Count == 0)
                {
                    var done = _allCorrect;
                    _allCorrect = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    done.TrySetResult();
                }
            }
            else
            {
                _wrong.Add(cluster);
            }
        }
    }

    /// <summary>Samples the managed heap and the working set every 100 ms; keeps the peaks.</summary>
    private sealed class MemorySampler : IDisposable
    {
        private readonly Timer _timer;
        private long _managed;
        private long _workingSet;

        public MemorySampler() => _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));

        public (long Managed, long WorkingSet) Stop()
        {
            _timer.Change(Timeout.Infinite, Timeout.Infinite);
            Sample();
            return (Interlocked.Read(ref _managed), Interlocked.Read(ref _workingSet));
        }

        public void Dispose() => _timer.Dispose();

        private void Sample()
        {
            using var process = Process.GetCurrentProcess();
            InterlockedMax(ref _managed, GC.GetTotalMemory(false));
            InterlockedMax(ref _workingSet, process.WorkingSet64);
        }

        private static void InterlockedMax(ref long target, long value)
        {
            long current;
            while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
