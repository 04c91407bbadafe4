using System.Diagnostics;
using System.Globalization;

namespace PgHa.Testing.Tests.Tables;

/// <summary>Runs the real kubectl (from PATH) against a server URL with a throwaway kubeconfig and cache directory.</summary>
internal sealed class KubectlRunner : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory;
    private readonly string _kubeconfig;

    public KubectlRunner(Uri server)
    {
        _directory = Directory.CreateTempSubdirectory("pgha-kubectl-").FullName;
        _kubeconfig = Path.Combine(_directory, "kubeconfig");
        File.WriteAllText(_kubeconfig, string.Create(CultureInfo.InvariantCulture, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: embedded
              cluster:
                server: {server.GetLeftPart(UriPartial.Authority)}
            contexts:
            - name: embedded
              context:
                cluster: embedded
                user: anonymous
                namespace: default
            current-context: embedded
            users:
            - name: anonymous
              user: {"{}"}
            """));
    }

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig=" + _kubeconfig);
        start.ArgumentList.Add("--cache-dir=" + Path.Combine(_directory, "cache"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // kubectl must not read or write the developer's own ~/.kube.
        start.Environment["HOME"] = _directory;
        start.Environment.Remove("KUBECONFIG");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', args)} did not finish in {Timeout}; stderr: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
