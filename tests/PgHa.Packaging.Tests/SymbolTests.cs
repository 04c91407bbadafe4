using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using PgHa.Packaging.Tests.Support;

namespace PgHa.Packaging.Tests;

/// <summary>
/// The .snupkg next to each package: a portable PDB that matches the packaged assembly, maps every source file to the
/// repository at the packed commit (SourceLink), and comes from a deterministic build.
/// </summary>
[Collection(PackedFeedTests.Name)]
public sealed class SymbolTests(PackedFeed feed)
{
    // https://github.com/dotnet/runtime/blob/main/docs/design/specs/PortablePdb-Metadata.md
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly Guid CompilationOptionsKind = new("B5FEEC05-8CD0-4A83-96DA-466284BB4BD8");
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    public static TheoryData<string> Packages => new(PackedFeed.PackageIds);

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_symbol_package_holds_the_pdb_of_the_packaged_assembly(string id)
    {
        using var symbols = new PackageFile(feed.SymbolPackagePath(id));
        symbols.Entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)).Should().Equal($"lib/net10.0/{id}.pdb");
        symbols.MetadataValue("version").Should().Be(feed.Version);

        using var assembly = Assembly(id);
        var codeView = assembly.ReadDebugDirectory().Should().ContainSingle(e => e.Type == DebugDirectoryEntryType.CodeView).Subject;
        var pdbPath = assembly.ReadCodeViewDebugDirectoryData(codeView).Path;
        pdbPath.Should().StartWith("/_/", "a deterministic build names no directory of the machine that built it").And.EndWith($"/{id}.pdb").And.NotContain(RepositoryRoot.Path);

        using var pdb = Pdb(symbols, id);
        var reader = pdb.GetMetadataReader();
        new BlobContentId(reader.DebugMetadataHeader!.Id).Guid.Should().Be(assembly.ReadCodeViewDebugDirectoryData(codeView).Guid, "the pdb belongs to the packaged dll");
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_assembly_is_deterministic(string id)
    {
        using var assembly = Assembly(id);

        // The compiler adds a Reproducible entry exactly when it builds with /deterministic.
        assembly.ReadDebugDirectory().Should().Contain(e => e.Type == DebugDirectoryEntryType.Reproducible);

        using var symbols = new PackageFile(feed.SymbolPackagePath(id));
        using var pdb = Pdb(symbols, id);
        var options = CompilationOptions(pdb.GetMetadataReader());
        options.Should().ContainKey("optimization").WhoseValue.Should().Be("release");
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_pdb_maps_every_source_file_to_the_repository_at_the_packed_commit(string id)
    {
        using var package = new PackageFile(feed.PackagePath(id));
        var commit = (string)package.MetadataElement("repository")!.Attribute("commit")!;
        using var symbols = new PackageFile(feed.SymbolPackagePath(id));
        using var pdb = Pdb(symbols, id);
        var reader = pdb.GetMetadataReader();

        var sourceLink = reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition)
            .Select(reader.GetCustomDebugInformation)
            .Should().ContainSingle(c => reader.GetGuid(c.Kind) == SourceLinkKind).Subject;
        using var json = JsonDocument.Parse(reader.GetBlobBytes(sourceLink.Value));
        var documents = json.RootElement.GetProperty("documents").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        documents.Should().Equal(new Dictionary<string, string?> { ["/_/*"] = $"https://raw.githubusercontent.com/pgha/pgha/{commit}/*" });

        // Every document is embedded in the pdb (generated and ignored files) or is a file of the commit, where SourceLink
        // sends a debugger. A working tree with changes not committed at pack time (a developer's, never CI's clean
        // clone) links those files too, though the commit lacks them: they count if they are in the repository now.
        var tracked = Git.FilesOf(commit);
        tracked.UnionWith(Git.FilesOf("HEAD"));
        tracked.UnionWith(Git.UncommittedFiles());
        var unreachable = new List<string>();
        var linked = 0;
        foreach (var handle in reader.Documents)
        {
            var name = reader.GetString(reader.GetDocument(handle).Name);
            if (reader.GetCustomDebugInformation(handle).Any(c => reader.GetGuid(reader.GetCustomDebugInformation(c).Kind) == EmbeddedSourceKind))
            {
                continue;
            }

            if (name.StartsWith("/_/", StringComparison.Ordinal) && tracked.Contains(name["/_/".Length..]))
            {
                linked++;
            }
            else
            {
                unreachable.Add(name);
            }
        }

        linked.Should().BeGreaterThan(5);
        unreachable.Should().BeEmpty("a debugger finds every source file, in the pdb or through SourceLink");
    }

    private PEReader Assembly(string id)
    {
        using var package = new PackageFile(feed.PackagePath(id));
        return new PEReader(new MemoryStream(package.Read($"lib/net10.0/{id}.dll")));
    }

    private static MetadataReaderProvider Pdb(PackageFile symbols, string id) =>
        MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(symbols.Read($"lib/net10.0/{id}.pdb")));

    /// <summary>The compiler's options as it recorded them in the pdb (null-separated key/value pairs).</summary>
    private static Dictionary<string, string> CompilationOptions(MetadataReader reader)
    {
        var info = reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition)
            .Select(reader.GetCustomDebugInformation)
            .Single(c => reader.GetGuid(c.Kind) == CompilationOptionsKind);
        var parts = System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)).Split('\0');
        var options = new Dictionary<string, string>();
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            options[parts[i]] = parts[i + 1];
        }

        return options;
    }
}
