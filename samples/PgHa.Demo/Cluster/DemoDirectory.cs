using System.Diagnostics;
using System.Globalization;
using PgHa.Agent.Postgres.Local;

namespace PgHa.Demo.Cluster;

/// <summary>
/// The demo's own temporary directory (members' data, sockets, logs, the kubeconfig), named with the demo's process
/// id so that a later demo removes what a killed one left behind. Deleted when the demo ends, Ctrl-C included.
/// </summary>
internal sealed class DemoDirectory : IDisposable
{
    private const string Prefix = "pgha-demo-";

    private DemoDirectory(string path) => Path = path;

    public string Path { get; }

    public static DemoDirectory Create()
    {
        RemoveOrphans();
        var name = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), name[..(Prefix.Length + 20)]);
        Directory.CreateDirectory(path);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            // Members' directories below are made by (and for) the postgres user when the demo runs as root.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        return new DemoDirectory(path);
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose() => Delete(Path);

    /// <summary>Kills the PostgreSQL processes and removes the directories of demos whose process no longer runs (one killed by SIGKILL, say).</summary>
    private static void RemoveOrphans()
    {
        PostgresProcesses.KillOrphans();
        foreach (var directory in Directory.EnumerateDirectories(System.IO.Path.GetTempPath(), Prefix + "*"))
        {
            var name = System.IO.Path.GetFileName(directory)[Prefix.Length..];
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !IsAlive(pid))
            {
                Delete(directory);
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void Delete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"warning: could not remove {path}: {e.Message}");
        }
    }
}
