using System.Text.Json;
using PgHa.Packaging.Tests.Support;

namespace PgHa.Packaging.Tests;

/// <summary>
/// Package versions come from git tags named v&lt;semver&gt; (MinVer), checked on a throwaway clone of the repository's
/// HEAD (committed state) so tags and commits can be made freely.
/// </summary>
public sealed class VersionTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly string _clone = Path.Combine(Path.GetTempPath(), "pgha-version-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task The_version_is_the_latest_v_tag_or_its_prerelease_successor_and_a_default_without_tags()
    {
        Git.In(Path.GetTempPath(), "clone", "--quiet", "--no-hardlinks", "--no-tags", RepositoryRoot.Path, _clone);
        var project = Path.Combine(_clone, "src", "PgHa.Election", "PgHa.Election.csproj");

        (await VersionAsync(project, restore: true)).Should().MatchRegex(@"^0\.0\.0-alpha\.0\.\d+$", "no v tag: MinVer's default");

        Git.In(_clone, "tag", "v1.2.3");
        (await VersionAsync(project)).Should().Be("1.2.3");

        // A tag without the prefix is not a version; a commit after the release makes the next patch's prerelease.
        Git.In(_clone, "-c", "user.name=test", "-c", "user.email=test@example.invalid", "commit", "--quiet", "--allow-empty", "-m", "after 1.2.3");
        Git.In(_clone, "tag", "2.0.0");
        (await VersionAsync(project)).Should().Be("1.2.4-alpha.0.1");
    }

    public void Dispose()
    {
        if (Directory.Exists(_clone))
        {
            Directory.Delete(_clone, recursive: true);
        }
    }

    /// <summary>The package version MSBuild computes after MinVer's target ran.</summary>
    private static async Task<string> VersionAsync(string project, bool restore = false)
    {
        var result = await DotnetCli.RunAsync(
            Path.GetDirectoryName(project)!,
            ["msbuild", project, .. restore ? new[] { "-restore" } : [], "-t:MinVer", "-getProperty:PackageVersion", "-getProperty:MinVerVersion", "-p:Configuration=Release", "-nodeReuse:false"],
            Timeout);
        result.ExitCode.Should().Be(0, result.Output);
        var properties = JsonDocument.Parse(result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..]).RootElement.GetProperty("Properties");
        var version = properties.GetProperty("PackageVersion").GetString()!;
        version.Should().Be(properties.GetProperty("MinVerVersion").GetString(), "the package takes MinVer's version");
        return version;
    }
}
