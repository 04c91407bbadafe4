using System.Diagnostics;

namespace PgHa.Testing.Tests.OpenApi;

/// <summary>Runs the real kubectl against a test server, with a private kubeconfig and cache, killing it on timeout.</summary>
public sealed class Kubectl : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("pgha-kubectl-").FullName;

    public Kubectl(string serverUrl)
    {
        KubeconfigPath = Path.Combine(_directory, "kubeconfig");
        File.WriteAllText(KubeconfigPath, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                server: {serverUrl}
              name: test
            contexts:
            - context:
                cluster: test
                namespace: default
                user: test
              name: test
            current-context: test
            users:
            - name: test
              user: {"{}"}
            """);
    }

    public string KubeconfigPath { get; }

    /// <summary>The kubectl on PATH, or null when there is none.</summary>
    public static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "kubectl");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo(Find() ?? "kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--kubeconfig=" + KubeconfigPath);
        info.ArgumentList.Add("--cache-dir=" + Path.Combine(_directory, "cache"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = _directory;
        info.Environment["KUBECONFIG"] = KubeconfigPath;
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException("kubectl " + string.Join(' ', args) + " did not finish in 60 s: " + await stderr);
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
