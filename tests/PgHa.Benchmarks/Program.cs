using BenchmarkDotNet.Running;
using PgHa.Benchmarks;

// Scenario benchmarks run in-process and print a table; micro benchmarks go to BenchmarkDotNet.
return args switch
{
    ["api-server", .. var rest] => await ApiServerThroughput.RunAsync(ScenarioSettings.Parse(rest)),
    ["election"] => await ElectionFailover.RunAsync(50),
    ["election", "--quick"] => await ElectionFailover.RunAsync(2, TimeSpan.FromSeconds(2)),
    ["election", var trials] => await ElectionFailover.RunAsync(int.Parse(trials, System.Globalization.CultureInfo.InvariantCulture)),
    ["routing"] => await RoutingLatency.RunAsync(500),
    ["routing", "--quick"] => await RoutingLatency.RunAsync(5),
    ["routing", var trials] => await RoutingLatency.RunAsync(int.Parse(trials, System.Globalization.CultureInfo.InvariantCulture)),
    ["operator", .. var rest] => await OperatorScale.RunAsync(rest),
    ["failover", .. var rest] => await FailoverScenarios.FailoverAsync(rest),
    ["switchover", .. var rest] => await FailoverScenarios.SwitchoverAsync(rest),
    ["api-load", .. var rest] => await FailoverScenarios.ApiLoadAsync(rest),
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
          election [trials | --quick]
                     unplanned failover of the lock, PgHa vs KubernetesClient's k8s.LeaderElection (same lease),
                     50 trials by default, and steady-state requests per member; writes artifacts/benchmarks/election.*
          routing [trials | --quick]
                     route request -> a slice watcher sees the new primary, PgHa's EndpointSlice vs Endpoints + mirroring,
                     against one API round trip; repair of a deleted slice; 500 trials by default; writes artifacts/benchmarks/routing.*
          operator [--clusters N] [--quick] [--no-slice-controller]
                     the sample operator with N postgresql clusters x 3 pods (1000; --quick: 50 and a 5 s idle window): cold
                     start until every route is correct, memory, API writes while idle for 60 s (goal 0), 100 simultaneous
                     lock moves; --no-slice-controller turns off the embedded server's EndpointSlice controller (the -repl
                     Services' slices), which shares the cores; writes artifacts/benchmarks/operator.json and .md
          failover [--trials N] [--quick]
                     unplanned failover of a whole cluster: lease expiry -> new leader -> route written -> a slice watcher sees it,
                     PgHa vs k8s.LeaderElection (same lease and follower) and Patroni's expiry timing as a model; 50 trials;
                     writes artifacts/benchmarks/failover.*
          switchover [--trials N] [--quick]
                     planned switchover: release -> new leader -> route -> clients' view; 50 trials; writes artifacts/benchmarks/switchover.*
          api-load [--seconds N] [--quick]
                     requests per minute per cluster in steady state (reads, writes, watches), PgHa vs k8s.LeaderElection,
                     60 s each; writes artifacts/benchmarks/api-load.*
          every scenario takes --quick (tiny sizes): the test suite runs them so the harness cannot rot; it checks no timings
          micro [BenchmarkDotNet arguments]
                     micro benchmarks of the server's hot pure paths (e.g. micro --filter '*Patch*')
        """);
    return 2;
}
