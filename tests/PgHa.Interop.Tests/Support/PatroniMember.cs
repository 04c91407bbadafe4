using System.Diagnostics;
using System.Net;
using System.Text;

namespace PgHa.Interop.Tests.Support;

/// <summary>One Patroni member of a <see cref="PatroniCluster"/>: its addresses, directories and (when started) its process.</summary>
internal sealed class PatroniMember
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public PatroniMember(string name, IPAddress address, int postgresPort, int restPort, string directory)
    {
        Name = name;
        Address = address;
        PostgresPort = postgresPort;
        RestPort = restPort;
        Directory = directory;
    }

    public string Name { get; }

    public IPAddress Address { get; }

    public int PostgresPort { get; }

    public int RestPort { get; }

    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "patroni.yml");

    public string DataDirectory => Path.Combine(Directory, "data");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Patroni's output so far, for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string ConnectionString => $"Host={Address};Port={PostgresPort};Username=postgres;Password=postgres;Database=postgres;Timeout=5;Pooling=false";

    internal void Started(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Kills Patroni with SIGKILL, as a crash would; its PostgreSQL keeps running, as it does for Patroni.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit(10_000);
        }
    }

    /// <summary>Stops Patroni with SIGTERM, as Kubernetes stops a pod: it stops PostgreSQL and releases the lock it holds.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            await kill!.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    internal void Dispose() => _process?.Dispose();

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Append(Name).Append(": ").AppendLine(line);
        }
    }
}
