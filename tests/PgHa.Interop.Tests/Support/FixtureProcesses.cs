using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PgHa.Interop.Tests.Support;

/// <summary>
/// Finds every process a fixture started, by a marker in its environment that all descendants inherit (Patroni,
/// the postmaster it spawns, every backend), however they were reparented; and kills them. Markers name the test
/// host's pid, so a later run also removes what a crashed run left behind.
/// </summary>
internal static class FixtureProcesses
{
    public const string MarkerVariable = "PGHA_FIXTURE";

    private static readonly int Host = Environment.ProcessId;

    static FixtureProcesses()
    {
        // A test host that exits without disposing its fixtures (a crash of a test, a cancelled run) still cleans up.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll(marker => marker.StartsWith(Host.ToString(CultureInfo.InvariantCulture) + ":", StringComparison.Ordinal));
    }

    /// <summary>A new marker for one fixture: <c>&lt;test host pid&gt;:&lt;id&gt;</c>.</summary>
    public static string NewMarker() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Guid.NewGuid():N}");

    /// <summary>Kills what earlier test hosts, now gone, left running.</summary>
    public static int KillOrphans() => KillAll(marker =>
        !int.TryParse(marker.AsSpan(0, Math.Max(0, marker.IndexOf(':', StringComparison.Ordinal))), CultureInfo.InvariantCulture, out var pid) || !IsAlive(pid));

    /// <summary>Kills every process carrying <paramref name="marker"/>, repeating until none is left (a dying postmaster's children go a moment later).</summary>
    public static int Kill(string marker) => KillAll(m => m == marker);

    /// <summary>The processes carrying <paramref name="marker"/>.</summary>
    public static IReadOnlyList<int> Find(string marker) => Scan(m => m == marker);

    private static int KillAll(Func<string, bool> match)
    {
        var killed = 0;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            var found = Scan(match);
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
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Gone already.
                }
            }

            Thread.Sleep(50);
        }

        throw new InvalidOperationException("fixture processes survived SIGKILL for 15 s: " + string.Join(", ", Scan(match)));
    }

    private static List<int> Scan(Func<string, bool> match)
    {
        var found = new List<int>();
        if (!Directory.Exists("/proc"))
        {
            return found;
        }

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
                if (entry.StartsWith(MarkerVariable + "=", StringComparison.Ordinal) && match(entry[(MarkerVariable.Length + 1)..]) && !IsZombie(directory))
                {
                    found.Add(pid);
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
            var state = stat[(stat.LastIndexOf(')') + 2)..];
            return state.StartsWith('Z');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>Whether process <paramref name="pid"/> runs.</summary>
    public static bool IsAlive(int pid)
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
}
