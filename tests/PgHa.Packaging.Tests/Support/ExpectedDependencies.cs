using System.Xml.Linq;

namespace PgHa.Packaging.Tests.Support;

/// <summary>
/// What each package may depend on: the API client and Microsoft.Extensions abstractions-style packages its code uses,
/// at the versions Directory.Packages.props pins. Nothing a build or test needs (test frameworks, analyzers, MinVer).
/// </summary>
internal static class ExpectedDependencies
{
    private static readonly string[] HostingLibrary =
    [
        "KubernetesClient",
        "Microsoft.Extensions.Diagnostics.Abstractions",
        "Microsoft.Extensions.Hosting.Abstractions",
        "Microsoft.Extensions.Logging.Abstractions",
        "Microsoft.Extensions.Options",
        "Microsoft.Extensions.Options.ConfigurationExtensions",
    ];

    // The health checks of issue 9 may bring either of these (AddHealthChecks lives in the first).
    private static readonly string[] HealthChecks =
    [
        "Microsoft.Extensions.Diagnostics.HealthChecks",
        "Microsoft.Extensions.Diagnostics.HealthChecks.Abstractions",
    ];

    /// <summary>The dependencies a package must have.</summary>
    public static IReadOnlyList<string> Required(string id) => id switch
    {
        "PgHa.Election" or "PgHa.Routing" => HostingLibrary,
        "PgHa.Testing" => ["KubernetesClient"],
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, null),
    };

    /// <summary>The dependencies a package may have besides the required ones.</summary>
    public static IReadOnlyList<string> Allowed(string id) => id switch
    {
        "PgHa.Election" or "PgHa.Routing" => [.. HostingLibrary, .. HealthChecks],
        "PgHa.Testing" => ["KubernetesClient"],
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, null),
    };

    /// <summary>The repository's pinned versions (central package management), by package id.</summary>
    public static IReadOnlyDictionary<string, string> CentralVersions { get; } =
        XDocument.Load(Path.Combine(RepositoryRoot.Path, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);
}
