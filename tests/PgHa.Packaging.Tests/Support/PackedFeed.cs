using System.Text.Json;

namespace PgHa.Packaging.Tests.Support;

/// <summary>
/// Packs the three libraries once for all tests, with a version no other run uses, into a folder feed under a temp
/// directory of its own. Build outputs go to an artifacts path of this run, so the repository's bin and obj stay as the
/// solution build made them; it lies in the repository's (ignored) artifacts/ folder because a deterministic build maps
/// only paths inside the repository to /_/, and the packages should be the ones a release build makes. Both
/// directories are deleted at the end.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    public static readonly string[] PackageIds = ["PgHa.Election", "PgHa.Routing", "PgHa.Testing"];

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(4);

    private static readonly string RunId = Guid.NewGuid().ToString("N")[..12];

    /// <summary>A temp directory owned by this run, outside the repository: the feed and the consumer live under it.</summary>
    public string Root { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pgha-packaging-" + RunId);

    /// <summary>Unique per run, so no package cache can answer for it: only this run's feed has it.</summary>
    public string Version { get; } = "99.0.0-consumer.t" + RunId;

    public string Feed => System.IO.Path.Combine(Root, "feed");

    /// <summary>Build outputs of the pack (obj, bin), owned by this run.</summary>
    public string ArtifactsPath { get; } = System.IO.Path.Combine(RepositoryRoot.Path, "artifacts", "packaging-tests", RunId);

    /// <summary>The output of the pack, for test messages.</summary>
    public string PackOutput { get; private set; } = "";

    public TimeSpan PackDuration { get; private set; }

    public string PackagePath(string id) => System.IO.Path.Combine(Feed, $"{id}.{Version}.nupkg");

    public string SymbolPackagePath(string id) => System.IO.Path.Combine(Feed, $"{id}.{Version}.snupkg");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Root);
        var filter = System.IO.Path.Combine(Root, "packages.slnf");
        await File.WriteAllTextAsync(filter, SolutionFilter());

        var started = System.Diagnostics.Stopwatch.StartNew();
        // ContinuousIntegrationBuild as for a release: deterministic source paths (/_/) that SourceLink maps.
        var result = await DotnetCli.RunAsync(
            RepositoryRoot.Path,
            [
                "pack", filter, "-c", "Release", "-o", Feed, "--artifacts-path", ArtifactsPath,
                $"-p:MinVerVersionOverride={Version}", "-p:ContinuousIntegrationBuild=true", .. DotnetCli.NoBuildServers,
            ],
            PackTimeout);
        PackDuration = started.Elapsed;
        PackOutput = result.Output;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack exited with {result.ExitCode}:\n{result.Output}");
        }
    }

    public Task DisposeAsync()
    {
        foreach (var directory in new[] { Root, ArtifactsPath })
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        // The parent of all runs' artifacts goes too once no run uses it (another run may still, or again).
        var runs = System.IO.Path.GetDirectoryName(ArtifactsPath)!;
        if (Directory.Exists(runs) && !Directory.EnumerateFileSystemEntries(runs).Any())
        {
            try
            {
                Directory.Delete(runs);
            }
            catch (IOException)
            {
                // Another run created its directory in between: it deletes the parent when it ends.
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>A solution filter with the three library projects of PgHa.sln: one restore, one parallel build.</summary>
    private static string SolutionFilter() => JsonSerializer.Serialize(new
    {
        solution = new
        {
            path = System.IO.Path.Combine(RepositoryRoot.Path, "PgHa.sln"),
            projects = PackageIds.Select(id => $"src/{id}/{id}.csproj").ToArray(),
        },
    });
}

/// <summary>The tests that share one packed feed (packing takes most of this project's time).</summary>
[CollectionDefinition(Name)]
public sealed class PackedFeedTests : ICollectionFixture<PackedFeed>
{
    public const string Name = "packed feed";
}
