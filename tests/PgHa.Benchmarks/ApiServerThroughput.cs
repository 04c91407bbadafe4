using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using PgHa.Testing;

namespace PgHa.Benchmarks;

/// <summary>
/// The embedded API server's throughput on loopback, with the load generator in the same process (so both
/// share the machine's cores, as in a test run): GETs and small strategic-merge PATCHes of Patroni-shaped
/// Endpoints from concurrent clients, and watch fan-out: one writer, many watchers, latency from commit
/// to each watcher reading the event.
/// </summary>
internal static class ApiServerThroughput
{
    private const string Namespace = "default";

    public static async Task<int> RunAsync(ScenarioSettings settings)
    {
        Console.WriteLine($"api-server: {settings.Duration.TotalSeconds:F0} s per phase, {settings.Concurrency} concurrent clients, {settings.Watchers} watchers; {BenchmarkReport.Machine()}");
        var startup = await StartupAsync();
        Console.WriteLine($"  start  first {startup.First:F0} ms; then {startup.Warm}");
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { RequestLogCapacity = 1024 });
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency + settings.Watchers + 4, UseProxy = false };
        using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };

        for (var i = 0; i < settings.Concurrency; i++)
        {
            await SendAsync(http, HttpMethod.Post, $"/api/v1/namespaces/{Namespace}/endpoints", Endpoints("ep-" + i), null);
        }

        // Warm up every path once so the JIT is not measured.
        await RunPhaseAsync(settings with { Duration = TimeSpan.FromSeconds(1) }, i => SendAsync(http, HttpMethod.Get, Path(i), null, null));
        await RunPhaseAsync(settings with { Duration = TimeSpan.FromSeconds(1) }, i => SendAsync(http, HttpMethod.Patch, Path(i), Renew(), "application/strategic-merge-patch+json"));

        var get = await RunPhaseAsync(settings, i => SendAsync(http, HttpMethod.Get, Path(i), null, null));
        Console.WriteLine($"  get    {get.PerSecond,9:F0} req/s  {get.Latency}");
        var patch = await RunPhaseAsync(settings, i => SendAsync(http, HttpMethod.Patch, Path(i), Renew(), "application/strategic-merge-patch+json"));
        Console.WriteLine($"  patch  {patch.PerSecond,9:F0} req/s  {patch.Latency}");
        var fanout = await WatchFanOutAsync(server, http, settings);
        Console.WriteLine($"  watch  {fanout.DeliveriesPerSecond,9:F0} events/s delivered to {settings.Watchers} watchers, {fanout.WritesPerSecond:F0} writes/s");
        Console.WriteLine($"         commit -> watcher read: {fanout.Latency}");
        Console.WriteLine($"         client send -> watcher read: {fanout.EndToEnd}");

        var results = new
        {
            scenario = "api-server",
            machine = BenchmarkReport.Machine(),
            settings = new { seconds = settings.Duration.TotalSeconds, settings.Concurrency, settings.Watchers },
            startMs = new { first = startup.First, warm = startup.Warm },
            get = new { requestsPerSecond = get.PerSecond, latencyMs = get.Latency },
            patch = new { requestsPerSecond = patch.PerSecond, latencyMs = patch.Latency },
            watch = new { fanout.WritesPerSecond, fanout.DeliveriesPerSecond, deliveryLatencyMs = fanout.Latency, sendToReadLatencyMs = fanout.EndToEnd },
            goals = new { patchPerSecond = 5000, watchDeliveryP99Ms = 5.0 },
        };
        var markdown = string.Create(CultureInfo.InvariantCulture, $"""
            # Embedded API server throughput

            {BenchmarkReport.Machine()}; load generator in the same process; {settings.Concurrency} concurrent clients, {settings.Duration.TotalSeconds:F0} s per phase.

            Start (StartAsync until serving): first in the process {startup.First:F0} ms; afterwards p50 {startup.Warm.P50:F1} ms, max {startup.Warm.Max:F1} ms.

            | operation | throughput | p50 | p99 | max | goal |
            |---|---|---|---|---|---|
            | GET endpoints | {get.PerSecond:F0} req/s | {get.Latency.P50:F2} ms | {get.Latency.P99:F2} ms | {get.Latency.Max:F2} ms | |
            | PATCH endpoints (strategic merge, one annotation) | {patch.PerSecond:F0} req/s | {patch.Latency.P50:F2} ms | {patch.Latency.P99:F2} ms | {patch.Latency.Max:F2} ms | ≥ 5,000 req/s |
            | watch fan-out: {fanout.WritesPerSecond:F0} writes/s × {settings.Watchers} watchers, commit → watcher read | {fanout.DeliveriesPerSecond:F0} events/s | {fanout.Latency.P50:F2} ms | {fanout.Latency.P99:F2} ms | {fanout.Latency.Max:F2} ms | p99 ≤ 5 ms |
            | the same, writer's send → watcher read | | {fanout.EndToEnd.P50:F2} ms | {fanout.EndToEnd.P99:F2} ms | {fanout.EndToEnd.Max:F2} ms | |
            """);
        var directory = await BenchmarkReport.WriteAsync("api-server", results, markdown);
        Console.WriteLine($"  written to {directory}");
        return 0;
    }

    private static async Task<(double First, LatencyStats Warm)> StartupAsync()
    {
        var clock = Stopwatch.StartNew();
        await (await KubeApiServer.StartAsync()).DisposeAsync();
        var first = clock.Elapsed.TotalMilliseconds;
        var warm = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            clock.Restart();
            var server = await KubeApiServer.StartAsync();
            warm.Add(clock.Elapsed.TotalMilliseconds);
            await server.DisposeAsync();
        }

        return (first, LatencyStats.From(warm));
    }

    private static string Path(int worker) => $"/api/v1/namespaces/{Namespace}/endpoints/ep-{worker}";

    private static async Task<(double PerSecond, LatencyStats Latency)> RunPhaseAsync(ScenarioSettings settings, Func<int, Task> operation)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(settings.Duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = new List<double>[settings.Concurrency];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(100_000);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(worker);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        })));
        var all = latencies.SelectMany(l => l).ToList();
        return (all.Count / clock.Elapsed.TotalSeconds, LatencyStats.From(all));
    }

    private static async Task<(double WritesPerSecond, double DeliveriesPerSecond, LatencyStats Latency, LatencyStats EndToEnd)> WatchFanOutAsync(
        KubeApiServer server, HttpClient http, ScenarioSettings settings)
    {
        // The store tells when each change committed (in-process, under its lock), keyed by resourceVersion.
        var committed = new System.Collections.Concurrent.ConcurrentDictionary<long, long>();
        server.Store.AddListener(e =>
        {
            if (e.Object.Name == "fanout")
            {
                committed[e.ResourceVersion] = Stopwatch.GetTimestamp();
            }
        });
        await SendAsync(http, HttpMethod.Post, $"/api/v1/namespaces/{Namespace}/endpoints", Endpoints("fanout"), null);
        var version = await CurrentResourceVersionAsync(http);
        using var stop = new CancellationTokenSource();
        var ready = new CountdownEvent(settings.Watchers);
        var watchers = Enumerable.Range(0, settings.Watchers).Select(_ => Task.Run(() => WatchAsync(http, version, ready, stop.Token))).ToList();
        ready.Wait(TimeSpan.FromSeconds(30));

        // One writer at a steady pace, as a cluster's leaders renew: each write carries its commit-side timestamp.
        var writes = 0;
        var interval = TimeSpan.FromMilliseconds(2);
        var deadline = Stopwatch.GetTimestamp() + (long)(settings.Duration.TotalSeconds * Stopwatch.Frequency);
        var clock = Stopwatch.StartNew();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var next = clock.Elapsed + interval;
            var body = "{\"metadata\":{\"annotations\":{\"bench-ts\":\"" + Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture) + "\"}}}";
            await SendAsync(http, HttpMethod.Patch, $"/api/v1/namespaces/{Namespace}/endpoints/fanout", body, "application/strategic-merge-patch+json");
            writes++;
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
        }

        var elapsed = clock.Elapsed.TotalSeconds;

        // Let the last events arrive before the streams close.
        await Task.Delay(200);
        await stop.CancelAsync();
        var samples = (await Task.WhenAll(watchers)).SelectMany(l => l).ToList();
        var fromCommit = samples.Where(s => committed.ContainsKey(s.Version)).Select(s => (s.Received - committed[s.Version]) * 1000.0 / Stopwatch.Frequency);
        var fromSend = samples.Select(s => (s.Received - s.Sent) * 1000.0 / Stopwatch.Frequency);
        return (writes / elapsed, samples.Count / elapsed, LatencyStats.From(fromCommit), LatencyStats.From(fromSend));
    }

    private static async Task<List<(long Version, long Sent, long Received)>> WatchAsync(HttpClient http, string resourceVersion, CountdownEvent ready, CancellationToken stop)
    {
        // Reads raw bytes and parses the timestamp in place: a string per event on 100 watchers would make the
        // load generator's garbage collections, not the server, dominate the tail.
        var samples = new List<(long Version, long Sent, long Received)>(50_000);
        var marker = "\"bench-ts\":\""u8.ToArray();
        var versionMarker = "\"resourceVersion\":\""u8.ToArray();
        var buffer = new byte[1 << 16];
        var filled = 0;
        try
        {
            using var response = await http.GetAsync($"/api/v1/namespaces/{Namespace}/endpoints?watch=true&fieldSelector=metadata.name%3Dfanout&resourceVersion={resourceVersion}",
                HttpCompletionOption.ResponseHeadersRead, stop);
            await using var stream = await response.Content.ReadAsStreamAsync(stop);
            ready.Signal();
            while (true)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(filled), stop);
                if (read == 0)
                {
                    break;
                }

                var received = Stopwatch.GetTimestamp();
                filled += read;
                var consumed = 0;
                int newline;
                while ((newline = buffer.AsSpan(consumed, filled - consumed).IndexOf((byte)'\n')) >= 0)
                {
                    var line = buffer.AsSpan(consumed, newline);
                    if (Number(line, marker) is { } sent && Number(line, versionMarker) is { } version)
                    {
                        samples.Add((version, sent, received));
                    }

                    consumed += newline + 1;
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
            }
        }
        catch (OperationCanceledException)
        {
        }

        return samples;
    }

    // The decimal string value that follows the first occurrence of a "key":" marker.
    private static long? Number(ReadOnlySpan<byte> line, ReadOnlySpan<byte> marker)
    {
        var at = line.IndexOf(marker);
        if (at < 0)
        {
            return null;
        }

        var digits = line[(at + marker.Length)..];
        var end = digits.IndexOf((byte)'"');
        return end > 0 && System.Buffers.Text.Utf8Parser.TryParse(digits[..end], out long value, out _) ? value : null;
    }

    private static async Task<string> CurrentResourceVersionAsync(HttpClient http)
    {
        var list = await http.GetStringAsync($"/api/v1/namespaces/{Namespace}/endpoints?limit=1");
        var at = list.IndexOf("\"resourceVersion\":\"", StringComparison.Ordinal) + "\"resourceVersion\":\"".Length;
        return list[at..list.IndexOf('"', at)];
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string path, string? body, string? contentType)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType ?? "application/json");
        }

        using var response = await http.SendAsync(request);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Created))
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        await response.Content.LoadIntoBufferAsync();
    }

    private static string Renew() =>
        "{\"metadata\":{\"annotations\":{\"renewTime\":\"" + DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture) + "\"}}}";

    private static string Endpoints(string name) => $$$"""
        {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"{{{name}}}","labels":{"application":"spilo","cluster-name":"{{{name}}}"},
         "annotations":{"leader":"{{{name}}}-0","acquireTime":"2022-11-18T00:29:41.683512+00:00","renewTime":"2022-11-18T06:18:59.159796+00:00",
                        "transitions":"5","optime":"1090519312","ttl":"30"}},
         "subsets":[{"addresses":[{"ip":"10.8.112.49","targetRef":{"kind":"Pod","name":"{{{name}}}-0","namespace":"default"}}],
                     "ports":[{"name":"postgresql","port":5432,"protocol":"TCP"}]}]}
        """;
}
