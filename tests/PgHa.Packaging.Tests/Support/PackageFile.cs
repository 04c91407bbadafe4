using System.IO.Compression;
using System.Xml.Linq;

namespace PgHa.Packaging.Tests.Support;

/// <summary>A dependency of a package as its nuspec states it.</summary>
public sealed record PackageDependency(string Id, string Version, string? Exclude);

/// <summary>A .nupkg or .snupkg opened read-only: its entries and its nuspec.</summary>
public sealed class PackageFile : IDisposable
{
    private readonly ZipArchive _zip;

    public PackageFile(string path)
    {
        Path = path;
        _zip = ZipFile.OpenRead(path);
        var nuspec = _zip.Entries.Single(e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        Nuspec = XDocument.Load(stream);
    }

    public string Path { get; }

    public long Size => new FileInfo(Path).Length;

    public XDocument Nuspec { get; }

    public IReadOnlyList<string> Entries => _zip.Entries.Select(e => e.FullName).ToList();

    /// <summary>The nuspec's metadata element (namespaced: compare by local name only).</summary>
    public XElement Metadata => Nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");

    public string? MetadataValue(string name) => Metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    public XElement? MetadataElement(string name) => Metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name);

    /// <summary>Dependency groups by target framework.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PackageDependency>> DependencyGroups =>
        (MetadataElement("dependencies")?.Elements().Where(e => e.Name.LocalName == "group") ?? [])
            .ToDictionary(
                g => (string?)g.Attribute("targetFramework") ?? "",
                g => (IReadOnlyList<PackageDependency>)g.Elements()
                    .Select(d => new PackageDependency((string)d.Attribute("id")!, (string)d.Attribute("version")!, (string?)d.Attribute("exclude")))
                    .ToList());

    /// <summary>Framework references by target framework.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FrameworkReferences =>
        (MetadataElement("frameworkReferences")?.Elements().Where(e => e.Name.LocalName == "group") ?? [])
            .ToDictionary(
                g => (string?)g.Attribute("targetFramework") ?? "",
                g => (IReadOnlyList<string>)g.Elements().Select(r => (string)r.Attribute("name")!).ToList());

    public byte[] Read(string entry)
    {
        using var stream = _zip.GetEntry(entry)?.Open() ?? throw new FileNotFoundException($"{entry} is not in {Path}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public void Dispose() => _zip.Dispose();
}
