using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PgHa.Agent.Postgres.Local;

/// <summary>
/// Finds and kills the PostgreSQL processes members started, by markers in their environment that every descendant
/// inherits (the postmaster, its backends, a pg_rewind's single-user server), however they were reparented. A marker
/// names the host process (<c>&lt;host pid&gt;:&lt;id&gt;</c>), so a later run also removes what a crashed host left
/// behind; each instance also carries its own id, so disposing one member never touches another's processes.
/// </summary>
public static class PostgresProcesses
{
    /// <summary>The environment variable holding the marker of the host (or demo run) that started a process.</summary>
    public const string MarkerVariable = "PGHA_DEMO_MARKER";

    /// <summary>The environment variable holding the id of the one instance that started a process.</summary>
    public const string InstanceVariable = "PGHA_POSTGRES_INSTANCE";

    private static readonly int Host = Environment.ProcessId;
    private static readonly string HostPrefix = Host.ToString(CultureInfo.InvariantCulture) + ":";

    static PostgresProcesses()
    {
        // A host that exits without disposing its members (a crashed test, a cancelled demo) still takes them along.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill(MarkerVariable, marker => marker.StartsWith(HostPrefix, StringComparison.Ordinal));
    }

    /// <summary>A new marker for one host or demo run: <c>&lt;this process id&gt;:&lt;guid&gt;</c>.</summary>
    public static string NewMarker() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Guid.NewGuid():N}");

    /// <summary>Kills what hosts that are gone left running (markers whose process id is no longer alive); returns how many were killed.</summary>
    public static int KillOrphans() => Kill(MarkerVariable, marker =>
        int.TryParse(marker.AsSpan(0, Math.Max(0, marker.IndexOf(':', StringComparison.Ordinal))), CultureInfo.InvariantCulture, out var pid)
        && pid != Host && !IsAlive(pid));

    /// <summary>Kills every process carrying <paramref name="marker"/>, repeating until none is left; returns how many were killed.</summary>
    public static int KillAll(string marker) => Kill(MarkerVariable, m => m == marker);

    /// <summary>The ids of the live processes carrying <paramref name="marker"/>.</summary>
    public static IReadOnlyList<int> Find(string marker) => Scan(MarkerVariable, m => m == marker);

    /// <summary>Kills the processes one instance started (see <see cref="InstanceVariable"/>).</summary>
    internal static int KillInstance(string instanceId) => Kill(InstanceVariable, id => id == instanceId);

    /// <summary>The live processes one instance started.</summary>
    internal static IReadOnlyList<int> FindInstance(string instanceId) => Scan(InstanceVariable, id => id == instanceId);

    /// <summary>Marks a process about to start as belonging to <paramref name="marker"/> and to the instance <paramref name="instanceId"/>.</summary>
    internal static void Mark(ProcessStartInfo start, string marker, string instanceId)
    {
        start.Environment[MarkerVariable] = marker;
        start.Environment[InstanceVariable] = instanceId;
    }

    /// <summary>Whether process <paramref name="pid"/> runs.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static int Kill(string variable, Func<string, bool> match)
    {
        var killed = 0;
        var elapsed = Stopwatch.StartNew();
        while (elapsed.Elapsed < TimeSpan.FromSeconds(15))
        {
            var found = Scan(variable, match);
            if (found.Count == 0)
            {
                return killed;
            }

            foreach (var pid in found)
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                    killed++;
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or Win32Exception)
                {
                    // Gone already.
                }
            }

            // SIGKILL is delivered at once, but the kernel needs a moment to tear a process down.
            Thread.Sleep(20);
        }

        throw new InvalidOperationException("PostgreSQL processes survived SIGKILL for 15 s: " + string.Join(", ", Scan(variable, match)));
    }

    private static List<int> Scan(string variable, Func<string, bool> match)
    {
        var found = new List<int>();
        if (!Directory.Exists("/proc"))
        {
            return found;
        }

        var prefix = variable + "=";
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid) || pid == Host)
            {
                continue;
            }

            string environment;
            try
            {
                environment = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "environ")));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in environment.Split('\0'))
            {
                if (entry.StartsWith(prefix, StringComparison.Ordinal) && match(entry[prefix.Length..]) && !IsZombie(directory))
                {
                    found.Add(pid);
                    break;
                }
            }
        }

        return found;
    }

    private static bool IsZombie(string directory)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(directory, "stat"));
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }
}
