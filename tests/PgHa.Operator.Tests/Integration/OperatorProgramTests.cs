using System.Diagnostics;
using PgHa.Operator.Tests.Support;
using PgHa.Testing;
using PgHa.Testing.Tests.Support;

namespace PgHa.Operator.Tests.Integration;

/// <summary>The executable: kubeconfig from KUBECONFIG, --install-crd, routing, and a graceful exit on SIGTERM.</summary>
public sealed class OperatorProgramTests
{
    private const string Cluster = "acid-minimal-cluster";

    [Fact]
    public async Task The_executable_installs_the_crd_routes_and_stops_on_sigterm()
    {
        await using var server = await KubeApiServer.StartAsync();
        var directory = Directory.CreateTempSubdirectory("pgha-operator-test-");
        Process? process = null;
        try
        {
            var kubeconfig = Path.Combine(directory.FullName, "kubeconfig");
            await server.WriteKubeconfigAsync(kubeconfig, clientName: "operator-process");
            process = Start(kubeconfig, "--install-crd", "--namespace", "default", "--lock", "configmap", "--mode", "endpointslice");

            await using var harness = await HarnessOnAsync(server);
            await harness.CreateClusterAsync(Cluster);
            await harness.CreateMemberAsync(Cluster, 0, OperatorHarness.PodIp(0, 0));
            await harness.WriteLockAsync(Cluster, OperatorHarness.PodName(Cluster, 0), 1);
            await harness.WaitForRouteAsync(Cluster, OperatorHarness.PodIp(0, 0));

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(TestTimeouts.Token());
            }

            await process.WaitForExitAsync(TestTimeouts.Token());
            process.ExitCode.Should().Be(0);
        }
        finally
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
            }

            process?.Dispose();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_bad_argument_is_refused_with_the_usage()
    {
        using var process = Start(kubeconfig: "/nonexistent", "--lock", "zookeeper");

        var error = await process.StandardError.ReadToEndAsync(TestTimeouts.Token());
        await process.WaitForExitAsync(TestTimeouts.Token());

        process.ExitCode.Should().Be(2);
        error.Should().Contain("--lock zookeeper").And.Contain("usage: PgHa.Operator");
    }

    // The test's own view (no operator of its own): the CRD comes from the process under test.
    private static Task<OperatorHarness> HarnessOnAsync(KubeApiServer server) => OperatorHarness.AttachAsync(server);

    // The operator's own build output (bin/<configuration>/<tfm>, beside this test's), which carries its dependencies.
    private static string OperatorDll()
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!.Name;
        var root = tfm;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "PgHa.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root!.FullName, "samples", "PgHa.Operator", "bin", configuration, tfm.Name, "PgHa.Operator.dll");
        File.Exists(dll).Should().BeTrue($"the operator is built at {dll}");
        return dll;
    }

    private static Process Start(string kubeconfig, params string[] args)
    {
        var dll = OperatorDll();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["KUBECONFIG"] = kubeconfig;
        info.Environment.Remove("KUBERNETES_SERVICE_HOST");
        info.Environment.Remove("KUBERNETES_SERVICE_PORT");
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }
}
