using System.Globalization;
using PgHa.Demo.Cluster;
using PgHa.Demo.Load;
using PgHa.Demo.Scenario;

namespace PgHa.Demo;

/// <summary>
/// The demo: the embedded API server, the operator and three members (real PostgreSQL 15 when installed, simulated
/// otherwise) with a client writing through the master Service; then three failures in turn, each with its timeline,
/// and a summary of client-visible downtime and lost acknowledged writes.
/// </summary>
internal static class HaDemo
{
    public static async Task<int> RunAsync(DemoSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var kind = MemberKind.Choose(settings, out var why);
        output.WriteLine("PgHa demo: a PostgreSQL cluster kept available by PgHa on an embedded Kubernetes API server.");
        output.WriteLine(kind.Description);
        if (why is not null)
        {
            output.WriteLine(why);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Settings: ttl {settings.Ttl.TotalSeconds:0.###} s, loop_wait {settings.LoopWait.TotalSeconds:0.###} s, {(settings.Asynchronous ? "asynchronous" : "synchronous")} replication, seed {settings.Seed} (--seed {settings.Seed} replays this run's choices)."));
        output.WriteLine();

        using var directory = DemoDirectory.Create();
        using var logs = new FileLoggerFactory(settings.LogFile);
        var interactive = !Console.IsOutputRedirected;
        var setUp = new Timeline("set-up");
        var early = new List<(long At, string Text)>();
        Action<long, string> sink = (at, text) =>
        {
            lock (early)
            {
                early.Add((at, text));
            }
        };
        await using var cluster = await DemoCluster.StartAsync(settings, kind, directory, logs, (at, text) =>
        {
            lock (early)
            {
                sink(at, text);
            }
        }, cancellationToken).ConfigureAwait(false);
        WriteSetUp(output, cluster);
        await using (var setUpView = new LiveView(output, () => "setting up: " + cluster.Describe(), interactive))
        {
            void Show(long at, string text) => setUpView.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {setUp.Offset(at),7:+0.000} s  {text}"));
            lock (early)
            {
                early.ForEach(e => Show(e.At, e.Text));
                sink = Show;
            }

            await cluster.WaitHealthyAsync(!settings.Asynchronous, TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
            lock (early)
            {
                sink = (_, _) => { };
            }
        }

        await using var client = kind.CreateClient(cluster.Proxy.Address);
        await using var reader = kind.CreateClient(cluster.Proxy.Address);
        await PrepareAsync(client, cancellationToken).ConfigureAwait(false);
        await using var load = new WriteLoad(client);
        load.Start();
        output.WriteLine($"The client writes numbered rows through the master Service at {cluster.Proxy.Address}, one transaction after another.");

        var results = new List<ScenarioResult>();
        var random = new Random(settings.Seed);
        await using (var view = new LiveView(output, () => $"{cluster.Describe()} | writes ok {load.AcknowledgedCount}, failed {load.FailureCount}", interactive))
        {
            var scenario = new FailoverScenario(cluster, load, reader, settings, view);
            foreach (var failure in Enum.GetValues<FailureKind>())
            {
                var result = await scenario.RunAsync(failure, random, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                if (result.Problem is not null)
                {
                    view.WriteLine($"  problem: {result.Problem}");
                    break;
                }
            }
        }

        var (acknowledged, lost) = await load.VerifyAsync(cancellationToken).ConfigureAwait(false);
        output.WriteLine();
        output.WriteLine("Timelines (seconds from the failure):");
        foreach (var result in results)
        {
            result.Timeline.Print(output);
        }

        output.WriteLine();
        output.WriteLine("downtime: from the failure to the first write the new primary acknowledged, as the client saw it;");
        output.WriteLine("lost: writes acknowledged to the client that the new primary does not have.");
        output.WriteLine($"{"scenario",-72} {"downtime",9} {"limit",9} {"lost",6}");
        foreach (var result in results)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Title,-72} {result.Downtime.TotalSeconds,7:0.000} s {result.Limit.TotalSeconds,7:0.0} s {result.Lost,6}  {(result.Passed ? "ok" : "FAILED")}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Writes acknowledged: {acknowledged}; failed while no primary served: {load.FailureCount}; acknowledged writes missing at the end: {lost.Count}."));
        output.WriteLine($"API requests served: {cluster.Server.RequestLog.Total}.");

        var passed = results.Count == Enum.GetValues<FailureKind>().Length && results.All(r => r.Passed) && lost.Count == 0;
        if (settings.Check)
        {
            output.WriteLine(passed ? "check: passed" : "check: FAILED (a limit was exceeded, a write was lost, or a scenario did not finish)");
            return passed ? 0 : 1;
        }

        return 0;
    }

    private static void WriteSetUp(TextWriter output, DemoCluster cluster)
    {
        output.WriteLine($"API server {cluster.Server.BaseAddress}; operator and kube-proxy stand-in running; members {string.Join(", ", cluster.Members.Select(m => $"{m.Name} ({m.Address}:{cluster.Network.Port})"))}.");
        output.WriteLine("Watch the primary's EndpointSlice move during the failovers, from another terminal:");
        output.WriteLine($"  KUBECONFIG={cluster.KubeconfigPath} kubectl get endpointslices -l kubernetes.io/service-name={DemoCluster.Name} -w");
        output.WriteLine($"  KUBECONFIG={cluster.KubeconfigPath} kubectl get postgresqls,pods -L spilo-role");
        output.WriteLine();
        output.WriteLine("Set-up (seconds from the start):");
    }

    // The first write creates the table through the Service; the new primary may still be finishing its promotion.
    private static async Task PrepareAsync(IDatabaseClient client, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await client.PrepareAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (attempt < 100 && e is not OperationCanceledException)
            {
                await client.ResetAsync().ConfigureAwait(false);
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
