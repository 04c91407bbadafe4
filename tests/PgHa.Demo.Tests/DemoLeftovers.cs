using System.Globalization;
using System.Text;

namespace PgHa.Demo.Tests;

/// <summary>What a demo process may have left behind: its temporary directories and PostgreSQL processes (found by the marker in their environment).</summary>
internal static class DemoLeftovers
{
    public static IReadOnlyList<string> Directories(int demoPid) =>
        [.. Directory.EnumerateDirectories(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"pgha-demo-{demoPid}-*"))];

    public static IReadOnlyList<int> Processes(int demoPid)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"PGHA_DEMO_MARKER={demoPid}:");
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var environment = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(directory, "environ")));
                if (environment.Split('\0').Any(v => v.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked, or is not ours to read.
            }
        }

        return found;
    }
}
