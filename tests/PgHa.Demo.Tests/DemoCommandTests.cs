using k8s;

namespace PgHa.Demo.Tests;

/// <summary>The demo as a user runs it: the walkthrough, and the api-server command's ready line, kubeconfig and clean SIGTERM.</summary>
public sealed class DemoCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_walkthrough_shows_the_slice_following_a_failover()
    {
        using var demo = DemoProcess.Start("walkthrough");

        var (exitCode, stdout, stderr) = await demo.WaitForExitAsync(Timeout);

        exitCode.Should().Be(0, stderr);
        stdout.Should().Contain("mirrored EndpointSlice acid-minimal-cluster-")
            .And.Contain("managed-by=endpointslicemirroring-controller.k8s.io")
            .And.Contain("now routes to 10.8.112.50 (acid-minimal-cluster-1, ready=True)");
    }

    [Fact]
    public async Task Api_server_prints_ready_serves_its_kubeconfig_and_stops_on_SIGTERM()
    {
        var directory = Directory.CreateTempSubdirectory("pgha-demo-").FullName;
        try
        {
            var kubeconfig = Path.Combine(directory, "kubeconfig");
            using var demo = DemoProcess.Start("api-server", "--kubeconfig", kubeconfig);
            using var cancel = new CancellationTokenSource(Timeout);

            var ready = await demo.Output.ReadLineAsync(cancel.Token);
            ready.Should().StartWith("ready http://127.0.0.1:").And.EndWith("kubeconfig=" + kubeconfig);
            using (var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig)))
            {
                var namespaces = await client.CoreV1.ListNamespaceAsync(cancellationToken: cancel.Token);
                namespaces.Items.Select(n => n.Metadata.Name).Should().Contain("default");
            }

            demo.Terminate();
            var (exitCode, _, stderr) = await demo.WaitForExitAsync(Timeout);
            exitCode.Should().Be(0, stderr);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Unknown_arguments_fail_with_usage()
    {
        using var demo = DemoProcess.Start("api-server", "--port", "notaport", "--kubeconfig", "x");

        var (exitCode, _, stderr) = await demo.WaitForExitAsync(Timeout);

        exitCode.Should().Be(2);
        stderr.Should().Contain("--port must be a number").And.Contain("usage:");
    }
}
