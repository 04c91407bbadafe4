using System.Text.RegularExpressions;
using PgHa.Testing.Tables;
using Xunit.Abstractions;
using static PgHa.Testing.Tests.Tables.TableFixtures;

namespace PgHa.Testing.Tests.Tables;

/// <summary>
/// The real kubectl (v1.32, from PATH) printing Tables built by <see cref="TableConverter"/>, served by a throwaway
/// Kestrel app: proves the JSON shape is what kubectl's table printer reads.
/// </summary>
[Trait("Category", "Kubectl")]
public sealed partial class KubectlTableTests(ITestOutputHelper output)
{
    private const string Namespaced = "/api/v1/namespaces/default/";

    private const string ReplicaService = """
        { "apiVersion": "v1", "kind": "Service",
          "metadata": { "name": "acid-minimal-cluster-repl", "namespace": "default", "resourceVersion": "1043", "creationTimestamp": "2022-11-16T08:21:00Z" },
          "spec": { "type": "ClusterIP", "clusterIP": "10.96.7.21", "clusterIPs": ["10.96.7.21"], "ports": [{ "name": "postgresql", "port": 5432, "protocol": "TCP" }],
                    "selector": { "application": "spilo", "cluster-name": "acid-minimal-cluster", "spilo-role": "replica" } } }
        """;

    [SkippableFact]
    public async Task Get_services_prints_kubes_columns()
    {
        await using var server = await StartAsync();
        var rows = await GetAsync(server, "get", "services");

        rows.Should().BeEquivalentTo(
            new[]
            {
                new[] { "NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE" },
                new[] { "acid-minimal-cluster", "ClusterIP", "10.102.154.118", "<none>", "5432/TCP", "45h" },
                new[] { "acid-minimal-cluster-repl", "ClusterIP", "10.96.7.21", "<none>", "5432/TCP", "45h" },
            },
            o => o.WithStrictOrdering());
        server.Requests.Should().Contain(r => r.StartsWith("GET /api/v1/namespaces/default/services?limit=500 Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", StringComparison.Ordinal));

        // get needs discovery only: it never asks for /openapi/v3 (explain, create and apply do, then /openapi/v2).
        server.Requests.Should().NotContain(r => r.Contains("/openapi/", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Get_services_wide_adds_the_selector()
    {
        await using var server = await StartAsync();
        var rows = await GetAsync(server, "get", "svc", "-o", "wide");

        rows[0].Should().Equal("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR");
        rows[1].Should().Equal("acid-minimal-cluster", "ClusterIP", "10.102.154.118", "<none>", "5432/TCP", "45h", "<none>");
        rows[2][^1].Should().Be("application=spilo,cluster-name=acid-minimal-cluster,spilo-role=replica");
    }

    [SkippableFact]
    public async Task Get_one_endpoints_object()
    {
        await using var server = await StartAsync();
        var rows = await GetAsync(server, "get", "endpoints", "acid-minimal-cluster");

        rows.Should().BeEquivalentTo(
            new[] { new[] { "NAME", "ENDPOINTS", "AGE" }, new[] { "acid-minimal-cluster", "10.8.112.49:5432", "45h" } },
            o => o.WithStrictOrdering());
        server.Requests.Should().Contain(r => r.StartsWith("GET /api/v1/namespaces/default/endpoints/acid-minimal-cluster Accept: application/json;as=Table", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Get_postgresqls_prints_the_crds_printer_columns()
    {
        await using var server = await StartAsync();
        var rows = await GetAsync(server, "get", "pg");

        rows.Should().BeEquivalentTo(
            new[]
            {
                new[] { "NAME", "TEAM", "VERSION", "PODS", "VOLUME", "CPU-REQUEST", "MEMORY-REQUEST", "AGE", "STATUS" },
                new[] { "acid-minimal-cluster", "acid", "15", "2", "1Gi", "10m", "100Mi", "45h", "Running" },
            },
            o => o.WithStrictOrdering());
    }

    [SkippableFact]
    public async Task Get_crds_prints_the_default_table()
    {
        await using var server = await StartAsync();
        var rows = await GetAsync(server, "get", "customresourcedefinitions");

        rows.Should().BeEquivalentTo(
            new[] { new[] { "NAME", "CREATED AT" }, new[] { "postgresqls.acid.zalan.do", "2022-11-16T08:20:00Z" } },
            o => o.WithStrictOrdering());
    }

    // kubectl asks for whole objects when it sorts, then sorts the rows by reading them.
    [SkippableFact]
    public async Task Sort_by_asks_for_whole_objects()
    {
        await using var server = await StartAsync();
        var rows = await GetAsync(server, "get", "services", "--sort-by=.spec.clusterIP");

        rows.Select(r => r[0]).Should().Equal("NAME", "acid-minimal-cluster", "acid-minimal-cluster-repl");
        rows.Select(r => r[2]).Should().Equal("CLUSTER-IP", "10.102.154.118", "10.96.7.21");
        server.Requests.Should().Contain(r => r.Contains("/services?includeObject=Object", StringComparison.Ordinal));
    }

    // kubectl get -w: a Table list, then a Table watch from its resourceVersion; only the first event carries columns.
    [SkippableFact]
    public async Task Watch_prints_events_from_one_row_tables()
    {
        await using var server = await StartAsync();
        var moved = Parse(ReplicaService);
        moved["spec"]!["clusterIPs"] = new System.Text.Json.Nodes.JsonArray("10.96.7.99");
        server.WatchEvents.Add(("MODIFIED", moved));
        server.WatchEvents.Add(("DELETED", Parse(SeedService)));

        var rows = await GetAsync(server, "get", "services", "--watch");

        rows.Select(r => r[0]).Should().Equal("NAME", "acid-minimal-cluster", "acid-minimal-cluster-repl", "acid-minimal-cluster-repl", "acid-minimal-cluster");
        rows[3][2].Should().Be("10.96.7.99");
        server.Requests.Should().Contain(r => r.Contains("/services?resourceVersion=5000&watch=true Accept: application/json;as=Table;v=v1;g=meta.k8s.io", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Watch_with_event_types_labels_each_row()
    {
        await using var server = await StartAsync();
        server.WatchEvents.Add(("DELETED", Parse(ReplicaService)));

        var rows = await GetAsync(server, "get", "services", "--watch", "--output-watch-events");

        rows.Select(r => string.Join(' ', r[..2])).Should().Equal(
            "EVENT NAME", "ADDED acid-minimal-cluster", "ADDED acid-minimal-cluster-repl", "DELETED acid-minimal-cluster-repl");
    }

    private static async Task<FakeTableServer> StartAsync()
    {
        var server = await FakeTableServer.StartAsync();
        server.Serve(Namespaced + "services", Services, SeedService, ReplicaService);
        server.Serve(Namespaced + "endpoints", Endpoints, SeedEndpoints);
        server.Serve("/apis/acid.zalan.do/v1/namespaces/default/postgresqls", Postgresqls, SeedPostgresql);
        server.Serve("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crds,
            """{ "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition", "metadata": { "name": "postgresqls.acid.zalan.do", "creationTimestamp": "2022-11-16T08:20:00Z" } }""");
        return server;
    }

    private async Task<string[][]> GetAsync(FakeTableServer server, params string[] args)
    {
        using var kubectl = Support.Kubectl.ForServer(server.Url.ToString());
        var (exitCode, stdout, stderr) = await kubectl.RunAsync(args);
        output.WriteLine($"$ kubectl {string.Join(' ', args)} -> exit {exitCode}");
        output.WriteLine(stdout);
        output.WriteLine(stderr);
        foreach (var request in server.Requests)
        {
            output.WriteLine(request);
        }

        exitCode.Should().Be(0, stderr);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => ColumnGap().Split(line.TrimEnd()))
            .ToArray();
    }

    // kubectl's tabwriter separates columns by at least three spaces; cells themselves hold at most single spaces.
    [GeneratedRegex(" {2,}")]
    private static partial Regex ColumnGap();
}
