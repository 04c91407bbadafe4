using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PgHa.Agent.Postgres.Local;

namespace PgHa.Agent.Tests.Postgres;

/// <summary>
/// What the PostgreSQL tests need from the machine: PostgreSQL 15's programs (skipped with the reason when missing,
/// a failure under CI=true), loopback addresses of their own and a free port.
/// </summary>
internal static class PostgresTestEnvironment
{
    private const string DirectoryPrefix = "pgha-agent-postgres-";

    public static PostgresBinaries? Binaries { get; } = PostgresBinaries.Find(out var missing) ?? Missing(missing);

    public static string? MissingReason { get; private set; }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The binaries, or a skip (a failure under CI=true) with the reason they cannot run here.</summary>
    public static PostgresBinaries RequireOrSkip()
    {
        if (Binaries is { } binaries)
        {
            return binaries;
        }

        if (IsCi)
        {
            throw new InvalidOperationException($"{MissingReason}, and CI=true requires PostgreSQL 15 (./test.sh installs it when run as root).");
        }

        Skip.If(true, $"{MissingReason}; run ./test.sh as root to install it, or apt-get install postgresql-15.");
        return null!;
    }

    /// <summary>Two loopback addresses of a random 127.0.x.0/24 (members .11 and .12) and a port free on both.</summary>
    public static (string First, string Second, int Port) LoopbackPair()
    {
        for (var attempt = 0; ; attempt++)
        {
            var network = Random.Shared.Next(1, 255);
            var first = $"127.0.{network}.11";
            var second = $"127.0.{network}.12";
            var port = FreePort(first);
            if (IsFree(second, port) || attempt == 20)
            {
                return (first, second, port);
            }
        }
    }

    /// <summary>A directory for the members, removed by the test; PostgreSQL's user must be able to enter it.</summary>
    public static string NewDirectory()
    {
        RemoveDirectoriesOfDeadHosts();
        var directory = Directory.CreateTempSubdirectory(DirectoryPrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return directory;
    }

    // Directories are named after the test host's pid; a host that died (its processes go with KillOrphans) left them.
    private static void RemoveDirectoriesOfDeadHosts()
    {
        PostgresProcesses.KillOrphans();
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), DirectoryPrefix + "*"))
        {
            var name = Path.GetFileName(directory)[DirectoryPrefix.Length..];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(name[..dash], CultureInfo.InvariantCulture, out var pid) && !PostgresProcesses.IsAlive(pid))
            {
                PostgresFiles.DeleteDirectory(directory);
            }
        }
    }

    private static int FreePort(string host)
    {
        var listener = new TcpListener(IPAddress.Parse(host), 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static bool IsFree(string host, int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Parse(host), port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static PostgresBinaries? Missing(string? reason)
    {
        MissingReason = reason;
        return null;
    }
}
