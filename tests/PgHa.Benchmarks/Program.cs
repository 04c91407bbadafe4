using BenchmarkDotNet.Running;
using PgHa.Benchmarks;

// Scenario benchmarks run in-process and print a table; micro benchmarks go to BenchmarkDotNet.
return args switch
{
    ["api-server", .. var rest] => await ApiServerThroughput.RunAsync(ScenarioSettings.Parse(rest)),
    ["election"] => await ElectionFailover.RunAsync(50),
    ["election", var trials] => await ElectionFailover.RunAsync(int.Parse(trials, System.Globalization.CultureInfo.InvariantCulture)),
    ["routing"] => await RoutingLatency.RunAsync(500),
    ["routing", var trials] => await RoutingLatency.RunAsync(int.Parse(trials, System.Globalization.CultureInfo.InvariantCulture)),
    ["micro", .. var rest] => RunMicro(rest),
    _ => Usage(),
};

static int RunMicro(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(ApiServerThroughput).Assembly).Run(args);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project tests/PgHa.Benchmarks -- <scenario> [options]

          api-server [--seconds N] [--concurrency N] [--watchers N]
                     the embedded API server's throughput for get, patch and watch fan-out on loopback;
                     writes artifacts/benchmarks/api-server.json and .md
          election [trials]
                     unplanned failover of the lock, PgHa vs KubernetesClient's k8s.LeaderElection (same lease),
                     50 trials by default, and steady-state requests per member; writes artifacts/benchmarks/election.*
          routing [trials]
                     route request -> a slice watcher sees the new primary, PgHa's EndpointSlice vs Endpoints + mirroring,
                     against one API round trip; repair of a deleted slice; 500 trials by default; writes artifacts/benchmarks/routing.*
          micro [BenchmarkDotNet arguments]
                     micro benchmarks of the server's hot pure paths (e.g. micro --filter '*Patch*')
        """);
    return 2;
}
