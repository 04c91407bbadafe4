using System.Diagnostics;

namespace PgHa.Demo.Tests;

/// <summary>Runs the built demo (PgHa.Demo.dll, copied beside the tests) as its own process, the way a user runs it.</summary>
internal sealed class DemoProcess : IDisposable
{
    private readonly Process _process;

    private DemoProcess(Process process) => _process = process;

    public StreamReader Output => _process.StandardOutput;

    public static DemoProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PgHa.Demo.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new DemoProcess(Process.Start(start) ?? throw new InvalidOperationException("the demo did not start"));
    }

    public int Id => _process.Id;

    /// <summary>Ctrl-C: SIGINT, as a terminal sends it.</summary>
    public void Interrupt() => Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    public void Terminate() => Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    public async Task<(int ExitCode, string Stdout, string Stderr)> WaitForExitAsync(TimeSpan timeout)
    {
        var stdout = _process.StandardOutput.ReadToEndAsync();
        var stderr = _process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return (_process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
