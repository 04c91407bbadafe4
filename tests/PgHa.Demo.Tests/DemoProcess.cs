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
        // Through env --default-signal=INT (it then execs the demo, keeping the pid): a test run started in the
        // background of a non-interactive shell inherits SIGINT as ignored, and .NET leaves an ignored SIGINT ignored,
        // so Ctrl-C would never reach the demo. A terminal's Ctrl-C is what the tests play.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
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
