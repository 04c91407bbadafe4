using System.Diagnostics;
using System.Text;

namespace PgHa.Packaging.Tests.Support;

/// <summary>The outcome of one child process: its exit code and its stdout and stderr, interleaved as they came.</summary>
internal sealed record CliResult(int ExitCode, string Output);

/// <summary>
/// Runs the dotnet CLI (or an app through it) as a child process the test owns: MSBuild settings the test host
/// inherited are dropped, no build server or MSBuild node outlives the call, and on timeout the whole process tree is
/// killed.
/// </summary>
internal static class DotnetCli
{
    /// <summary>Arguments for every build, pack or msbuild call: no compiler server, no reused MSBuild nodes.</summary>
    public static readonly string[] NoBuildServers = ["--disable-build-servers", "-nodeReuse:false", "-p:UseSharedCompilation=false"];

    private static readonly string Host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
        ? host
        : "dotnet";

    public static async Task<CliResult> RunAsync(
        string workingDirectory,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(Host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // `dotnet test` sets MSBuild variables for its own build; a child build must find its SDK on its own.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var output = new StringBuilder();
        void Append(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"dotnet {string.Join(' ', start.ArgumentList)} ran over {timeout}:\n{Text(output)}");
        }

        // WaitForExitAsync returns after the redirected streams reached their end, so the output is complete.
        return new CliResult(process.ExitCode, Text(output));
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
