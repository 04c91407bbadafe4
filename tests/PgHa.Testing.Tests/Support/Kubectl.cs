using System.Diagnostics;

namespace PgHa.Testing.Tests.Support;

/// <summary>
/// Runs the real kubectl (from PATH) with its own kubeconfig and cache directory, never the developer's
/// ~/.kube. Where kubectl is missing, tests skip with that reason, except under CI=true, where they fail.
/// </summary>
internal sealed class Kubectl : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _directory;
    private readonly string _kubeconfig;

    public Kubectl(string kubeconfig)
    {
        RequireOrSkip();
        _directory = System.IO.Directory.CreateTempSubdirectory("pgha-kubectl-").FullName;
        _kubeconfig = Path.Combine(_directory, "kubeconfig");
        File.WriteAllText(_kubeconfig, kubeconfig);
    }

    public string Directory => _directory;

    /// <summary>A runner for a server without authentication (a throwaway test server), by its URL.</summary>
    public static Kubectl ForServer(string server) => new($$"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: {{server.TrimEnd('/')}}
        contexts:
        - name: test
          context:
            cluster: test
            namespace: default
            user: test
        current-context: test
        users:
        - name: test
          user: {}
        """);

    public static bool IsAvailable { get; } = FindOnPath("kubectl") is not null;

    /// <summary>Skips the calling test when kubectl is missing; under CI=true a missing kubectl is a failure.</summary>
    public static void RequireOrSkip()
    {
        if (IsAvailable)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("kubectl is not on PATH, and CI=true requires it (./test.sh installs it when run as root).");
        }

        Skip.If(true, "kubectl is not on PATH; install it (./test.sh does, as root) to run the kubectl compatibility tests.");
    }

    /// <summary>Runs kubectl to completion (or kills it after a minute) and returns its exit code and output.</summary>
    public Task<KubectlResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    public async Task<KubectlResult> RunWithInputAsync(string? stdin, params string[] args)
    {
        using var process = Start(args, stdin is not null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

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

        return new KubectlResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts kubectl without waiting (for <c>get -w</c>); the caller disposes the process.</summary>
    public Process Start(string[] args, bool redirectInput = false)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--kubeconfig=" + _kubeconfig);
        start.ArgumentList.Add("--cache-dir=" + Path.Combine(_directory, "cache"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = _directory;
        start.Environment.Remove("KUBECONFIG");
        return Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
    }

    /// <summary>Writes a manifest into the runner's directory and returns its path.</summary>
    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}

internal sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    public KubectlResult ShouldSucceed()
    {
        ExitCode.Should().Be(0, "kubectl failed: {0}", Stderr);
        return this;
    }
}
