using System.Text;
using System.Text.Json;

namespace PgHa.Benchmarks;

/// <summary>Writes a scenario's results as <c>artifacts/benchmarks/&lt;scenario&gt;.json</c> and <c>.md</c> at the repository root (or in <c>PGHA_BENCHMARK_ARTIFACTS</c>).</summary>
internal static class BenchmarkReport
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static async Task<string> WriteAsync(string scenario, object results, string markdown)
    {
        // PGHA_BENCHMARK_ARTIFACTS redirects the files (the --quick runs in the test suite must not overwrite real results).
        var directory = Environment.GetEnvironmentVariable("PGHA_BENCHMARK_ARTIFACTS") is { Length: > 0 } redirected
            ? redirected
            : Path.Combine(RepositoryRoot(), "artifacts", "benchmarks");
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, scenario + ".json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(results, Options));
        await File.WriteAllTextAsync(Path.Combine(directory, scenario + ".md"), markdown, Encoding.UTF8);
        return directory;
    }

    public static string Machine() =>
        $"{Environment.ProcessorCount} cores, {Environment.OSVersion.VersionString}, .NET {Environment.Version}";

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PgHa.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
