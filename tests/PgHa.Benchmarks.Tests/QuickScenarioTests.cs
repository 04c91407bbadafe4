using System.Text.Json;

namespace PgHa.Benchmarks.Tests;

/// <summary>
/// Every scenario benchmark in its --quick form, so the harness cannot rot: it runs, finishes, and writes a report with
/// the shape the README's tables come from. No timing is judged here; the numbers are the benchmark's to report.
/// </summary>
public sealed class QuickScenarioTests : IDisposable
{
    private readonly string _artifacts = Directory.CreateTempSubdirectory("pgha-bench-").FullName;

    // The tests of one class run one at a time, so the process-wide variable is this test's while it runs.
    public QuickScenarioTests()
    {
        Environment.SetEnvironmentVariable("PGHA_BENCHMARK_ARTIFACTS", _artifacts);
    }

    [Fact]
    public async Task Failover_measures_every_step_for_both_electors_and_models_Patroni()
    {
        (await FailoverScenarios.FailoverAsync(["--quick"])).Should().Be(0);

        var report = Read("failover");
        foreach (var elector in new[] { "pgha", "kubernetesClient" })
        {
            foreach (var step in new[] { "NewLeader", "Route", "Seen" })
            {
                report.GetProperty(elector).GetProperty(step).GetProperty("Count").GetInt32().Should().Be(3, "{0} {1}", elector, step);
            }
        }

        report.GetProperty("patroniModel").GetProperty("expiryToNewLeaderMs").GetProperty("Count").GetInt32().Should().BePositive();
        File.ReadAllText(Path.Combine(_artifacts, "failover.md")).Should().Contain("| PgHa | 3 |");
    }

    [Fact]
    public async Task Switchover_measures_release_to_clients_view()
    {
        (await FailoverScenarios.SwitchoverAsync(["--quick"])).Should().Be(0);

        Read("switchover").GetProperty("releaseToClientsSeeItMs").GetProperty("Count").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task Api_load_counts_requests_of_both_electors()
    {
        (await FailoverScenarios.ApiLoadAsync(["--quick"])).Should().Be(0);

        var load = Read("api-load").GetProperty("perClusterPerMinute");
        load.GetProperty("pgha").GetProperty("Writes").GetDouble().Should().BePositive("the leader renews");
        load.GetProperty("kubernetesClient").GetProperty("Writes").GetDouble().Should().BePositive();
    }

    [Fact]
    public async Task Election_routing_and_api_server_scenarios_run()
    {
        (await ElectionFailover.RunAsync(2, TimeSpan.FromSeconds(1))).Should().Be(0);
        (await RoutingLatency.RunAsync(5)).Should().Be(0);
        (await ApiServerThroughput.RunAsync(new ScenarioSettings(TimeSpan.FromSeconds(1), 2, 5))).Should().Be(0);

        Read("election").GetProperty("expiryToNewHolderMs").GetProperty("pgha").GetProperty("Count").GetInt32().Should().Be(2);
        File.Exists(Path.Combine(_artifacts, "routing.json")).Should().BeTrue();
        File.Exists(Path.Combine(_artifacts, "api-server.json")).Should().BeTrue();
    }

    [Fact]
    public async Task Operator_scale_runs_on_a_small_fleet()
    {
        (await OperatorScale.RunAsync(["--quick"])).Should().Be(0);

        File.Exists(Path.Combine(_artifacts, "operator.json")).Should().BeTrue();
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PGHA_BENCHMARK_ARTIFACTS", null);
        Directory.Delete(_artifacts, recursive: true);
    }

    private JsonElement Read(string scenario) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(_artifacts, scenario + ".json"))).RootElement.Clone();
}
