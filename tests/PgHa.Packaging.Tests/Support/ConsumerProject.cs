using System.Xml.Linq;

namespace PgHa.Packaging.Tests.Support;

/// <summary>
/// The throwaway console project of Consumer/ in a directory of its own under the feed's temp root, outside the
/// repository: empty Directory.* files stop MSBuild's search for the repository's (or anyone's) props there, and its
/// NuGet.config gives PgHa.* one source, the feed, and a package folder of its own that falls back to the machine's
/// cache (read-only), so the restore neither downloads what the machine has nor leaves PgHa packages in its cache.
/// </summary>
internal sealed class ConsumerProject
{
    public const string Name = "PgHa.Consumer";

    private ConsumerProject(string directory, string packages)
    {
        Directory = directory;
        Packages = packages;
    }

    public string Directory { get; }

    /// <summary>The consumer's own global packages folder: where the PgHa packages it restores are unpacked.</summary>
    public string Packages { get; }

    public string Assembly => Path.Combine(Directory, "bin", "Release", "net10.0", Name + ".dll");

    public string RuntimeConfig => Path.Combine(Directory, "bin", "Release", "net10.0", Name + ".runtimeconfig.json");

    /// <summary>The machine's global packages folder, as NuGet finds it.</summary>
    public static string MachinePackages =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Environment for the consumer's dotnet calls: the package folders come from its NuGet.config only.</summary>
    public static IReadOnlyDictionary<string, string?> DotnetEnvironment { get; } = new Dictionary<string, string?>
    {
        ["NUGET_PACKAGES"] = null,
        ["NUGET_FALLBACK_PACKAGES"] = null,
    };

    public static ConsumerProject Create(PackedFeed feed)
    {
        var directory = Path.Combine(feed.Root, "consumer");
        var packages = Path.Combine(feed.Root, "consumer-packages");
        System.IO.Directory.CreateDirectory(directory);
        var template = Path.Combine(AppContext.BaseDirectory, "Consumer");
        foreach (var file in System.IO.Directory.GetFiles(template))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        foreach (var stop in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(directory, stop), "<Project />\n");
        }

        NuGetConfig(feed.Feed, packages).Save(Path.Combine(directory, "NuGet.config"));
        return new ConsumerProject(directory, packages);
    }

    private static XDocument NuGetConfig(string feed, string packages)
    {
        var sources = new XElement("packageSources", new XElement("clear"), Source("pgha-feed", feed));
        var mapping = new XElement("packageSourceMapping", new XElement("clear"), Mapping("pgha-feed", "PgHa.*"));
        foreach (var (key, value) in MachineSources())
        {
            sources.Add(Source(key, value));
            mapping.Add(Mapping(key, "*"));
        }

        return new XDocument(new XElement(
            "configuration",
            new XElement("config", new XElement("add", new XAttribute("key", "globalPackagesFolder"), new XAttribute("value", packages))),
            sources,
            new XElement("fallbackPackageFolders", new XElement("clear"), Source("machine", MachinePackages)),
            mapping));

        static XElement Source(string key, string value) => new("add", new XAttribute("key", key), new XAttribute("value", value));
        static XElement Mapping(string key, string pattern) => new("packageSource", new XAttribute("key", key), new XElement("package", new XAttribute("pattern", pattern)));
    }

    /// <summary>The package sources of the machine's NuGet.Config (nuget.org when it has none): the rest of the graph.</summary>
    private static List<(string Key, string Value)> MachineSources()
    {
        var path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "NuGet", "NuGet.Config");
        var sources = File.Exists(path)
            ? XDocument.Load(path).Root?.Element("packageSources")?.Elements("add")
                .Select(e => ((string?)e.Attribute("key"), (string?)e.Attribute("value")))
                .Where(s => s.Item1 is { Length: > 0 } && s.Item2 is { Length: > 0 })
                .Select(s => (s.Item1!, s.Item2!))
                .ToList()
            : null;
        return sources is { Count: > 0 } ? sources : [("nuget.org", "https://api.nuget.org/v3/index.json")];
    }
}
