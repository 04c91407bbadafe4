using System.Text.Json.Nodes;
using PgHa.Packaging.Tests.Support;
using Xunit.Abstractions;

namespace PgHa.Packaging.Tests;

/// <summary>
/// A console program that knows PgHa only as packages (Consumer/): it restores them by version from the folder feed,
/// builds outside the repository, and runs an election and a route on the embedded API server.
/// </summary>
[Collection(PackedFeedTests.Name)]
public sealed class ConsumerTests(PackedFeed feed, ITestOutputHelper output)
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_console_program_restores_the_packages_from_the_feed_builds_and_routes_its_elected_leader()
    {
        var consumer = ConsumerProject.Create(feed);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var build = await DotnetCli.RunAsync(
            consumer.Directory,
            ["build", "-c", "Release", $"-p:PgHaVersion={feed.Version}", .. DotnetCli.NoBuildServers],
            BuildTimeout,
            ConsumerProject.DotnetEnvironment);
        output.WriteLine($"consumer restore + build: {started.Elapsed.TotalSeconds:F1} s");
        build.ExitCode.Should().Be(0, "the consumer builds against the packages:\n{0}", build.Output);

        // The PgHa packages came from this run's feed into the consumer's own folder, never into the machine's cache.
        foreach (var id in PackedFeed.PackageIds)
        {
            Directory.Exists(Path.Combine(consumer.Packages, id.ToLowerInvariant(), feed.Version)).Should().BeTrue($"{id} is restored from the feed");
            Directory.Exists(Path.Combine(ConsumerProject.MachinePackages, id.ToLowerInvariant(), feed.Version)).Should().BeFalse();
        }

        // PgHa.Testing's framework reference reaches a console project that never asked for ASP.NET Core.
        var frameworks = JsonNode.Parse(await File.ReadAllTextAsync(consumer.RuntimeConfig))!["runtimeOptions"]!["frameworks"]!.AsArray()
            .Select(f => (string?)f!["name"]).ToList();
        frameworks.Should().Contain(["Microsoft.NETCore.App", "Microsoft.AspNetCore.App"]);

        started.Restart();
        var run = await DotnetCli.RunAsync(consumer.Directory, [consumer.Assembly], RunTimeout);
        output.WriteLine($"consumer run: {started.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(run.Output);
        run.ExitCode.Should().Be(0, run.Output);
        run.Output.Should().MatchRegex(@"(?m)^pgha-consumer: consumer-cluster-0 leads consumer-cluster in term \d+; the master Service routes to 10\.9\.8\.7$");
    }
}
