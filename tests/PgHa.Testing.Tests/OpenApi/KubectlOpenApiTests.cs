using Xunit.Abstractions;

namespace PgHa.Testing.Tests.OpenApi;

// Runs the real kubectl against the documents; each test skips with its reason when kubectl is not on PATH (and fails so under CI=true).
public sealed class KubectlOpenApiTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Explain_reads_service_ports_from_openapi_v3()
    {
        using var server = new OpenApiTestServer(TestResources.WithPostgresql());
        using var kubectl = Support.Kubectl.ForServer(server.Url);

        var (exit, stdout, stderr) = await kubectl.RunAsync("explain", "services.spec.ports", "-v=8");
        Log(server, stdout, stderr);

        exit.Should().Be(0, stderr);
        stdout.Should().Contain("KIND:       Service").And.Contain("FIELD: ports <[]ServicePort>");
        stdout.Should().Contain("port\t<integer> -required-").And.Contain("targetPort\t<IntOrString>").And.Contain("protocol\t<string>");
    }

    [SkippableFact]
    public async Task Explain_reads_endpoint_slice_endpoints_and_custom_resources()
    {
        using var server = new OpenApiTestServer(TestResources.WithPostgresql());
        using var kubectl = Support.Kubectl.ForServer(server.Url);

        var slices = await kubectl.RunAsync("explain", "endpointslices.endpoints");
        var postgresql = await kubectl.RunAsync("explain", "postgresqls.spec");
        Log(server, slices.Stdout + postgresql.Stdout, slices.Stderr + postgresql.Stderr);

        slices.ExitCode.Should().Be(0, slices.Stderr);
        slices.Stdout.Should().Contain("GROUP:      discovery.k8s.io").And.Contain("FIELD: endpoints <[]Endpoint>")
            .And.Contain("addresses\t<[]string> -required-").And.Contain("conditions\t<EndpointConditions>").And.Contain("targetRef\t<ObjectReference>");
        postgresql.ExitCode.Should().Be(0, postgresql.Stderr);
        postgresql.Stdout.Should().Contain("KIND:       postgresql").And.Contain("numberOfInstances\t<integer> -required-").And.Contain("teamId\t<string> -required-");
    }

    [SkippableFact]
    public async Task Create_with_strict_validation_finds_server_side_validation_in_openapi()
    {
        using var server = new OpenApiTestServer(TestResources.WithPostgresql());
        using var kubectl = Support.Kubectl.ForServer(server.Url);
        var manifest = Path.Combine(kubectl.Directory, "service.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: v1
            kind: Service
            metadata:
              name: acid-minimal-cluster
            spec:
              foo: bar
              ports:
              - name: postgresql
                port: 5432
                targetPort: 5432
            """);

        var (exit, stdout, stderr) = await kubectl.RunAsync("create", "--dry-run=client", "--validate=strict", "-f", manifest, "-o", "yaml", "-v=6");
        Log(server, stdout, stderr);

        // With fieldValidation declared on the Service PATCH operation, kubectl leaves validation to the
        // server (which a client dry run never reaches), so it neither fails for lack of OpenAPI nor
        // validates on the client.
        exit.Should().Be(0, stderr);
        stdout.Should().Contain("name: acid-minimal-cluster").And.Contain("foo: bar");
        server.Requests.Should().Contain(r => r.StartsWith("/openapi/v3/api/v1?hash=", StringComparison.Ordinal));
        stderr.Should().NotContain("failed to download openapi");
    }

    private void Log(OpenApiTestServer server, string stdout, string stderr)
    {
        output.WriteLine("requests:\n" + string.Join("\n", server.Requests));
        output.WriteLine("stdout:\n" + stdout);
        output.WriteLine("stderr:\n" + stderr);
    }
}
