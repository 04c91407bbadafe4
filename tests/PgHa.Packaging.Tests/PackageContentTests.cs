using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using PgHa.Packaging.Tests.Support;
using Xunit.Abstractions;

namespace PgHa.Packaging.Tests;

/// <summary>What is inside each .nupkg: the files, the nuspec's metadata and its dependencies.</summary>
[Collection(PackedFeedTests.Name)]
public sealed class PackageContentTests(PackedFeed feed, ITestOutputHelper output)
{
    public static TheoryData<string> Packages => new(PackedFeed.PackageIds);

    [Fact]
    public void The_feed_holds_a_package_and_a_symbol_package_for_each_library_and_nothing_else()
    {
        output.WriteLine($"pack of {string.Join(", ", PackedFeed.PackageIds)}: {feed.PackDuration.TotalSeconds:F1} s");
        Directory.GetFiles(feed.Feed).Select(Path.GetFileName).Should().BeEquivalentTo(
            PackedFeed.PackageIds.SelectMany(id => new[] { $"{id}.{feed.Version}.nupkg", $"{id}.{feed.Version}.snupkg" }));
    }

    [Fact]
    public void The_pack_reports_no_warnings()
    {
        // Warnings that do not fail the build still mean something is missing (e.g. SourceLink's source control information).
        feed.PackOutput.Split('\n').Where(l => l.Contains(": warning ", StringComparison.Ordinal)).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_package_has_its_readme_assembly_and_xml_docs(string id)
    {
        using var package = new PackageFile(feed.PackagePath(id));

        package.Entries.Should().Contain(["README.md", $"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml"]);
        package.Entries.Where(e => e.StartsWith("lib/", StringComparison.Ordinal)).Should().BeEquivalentTo([$"lib/net10.0/{id}.dll", $"lib/net10.0/{id}.xml"]);
        package.Read("README.md").Should().Equal(File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "src", id, "README.md")));
        package.MetadataValue("readme").Should().Be("README.md");

        var docs = XDocument.Parse(System.Text.Encoding.UTF8.GetString(package.Read($"lib/net10.0/{id}.xml")));
        docs.Root!.Element("assembly")!.Element("name")!.Value.Should().Be(id);
        docs.Root.Element("members")!.Elements("member").Should().HaveCountGreaterThan(20, "every public member is documented");
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_nuspec_names_the_version_license_project_and_the_commit_it_was_built_from(string id)
    {
        using var package = new PackageFile(feed.PackagePath(id));

        package.MetadataValue("id").Should().Be(id);
        package.MetadataValue("version").Should().Be(feed.Version);
        package.MetadataValue("authors").Should().NotBeNullOrWhiteSpace();
        package.MetadataValue("description").Should().NotBeNullOrWhiteSpace().And.NotStartWith("PgHa: primary routing", "each package describes itself");
        package.MetadataValue("tags").Should().Contain("postgresql");
        package.MetadataValue("projectUrl").Should().Be("https://github.com/pgha/pgha");

        var license = package.MetadataElement("license");
        license.Should().NotBeNull();
        ((string?)license!.Attribute("type")).Should().Be("expression");
        license.Value.Should().Be("Apache-2.0");

        var repository = package.MetadataElement("repository");
        repository.Should().NotBeNull();
        ((string?)repository!.Attribute("type")).Should().Be("git");
        ((string?)repository.Attribute("url")).Should().Be("https://github.com/pgha/pgha");
        var commit = (string?)repository.Attribute("commit");
        commit.Should().MatchRegex("^[0-9a-f]{40}$");
        Git.IsCommit(commit!).Should().BeTrue($"{commit} is a commit of the repository");
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_assembly_carries_the_package_version_and_the_commit(string id)
    {
        using var package = new PackageFile(feed.PackagePath(id));
        using var pe = new PEReader(new MemoryStream(package.Read($"lib/net10.0/{id}.dll")));
        var metadata = pe.GetMetadataReader();

        // MinVer sets AssemblyVersion to major.0.0.0 (binding-compatible within a major version).
        metadata.GetAssemblyDefinition().Version.Should().Be(new Version(99, 0, 0, 0));
        var informational = AssemblyAttributes(metadata).Single(a => a.Name == nameof(AssemblyInformationalVersionAttribute)).Value;
        informational.Should().StartWith(feed.Version + "+").And.EndWith((string?)package.MetadataElement("repository")!.Attribute("commit"));
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public void The_dependencies_are_the_libraries_the_code_uses_at_the_pinned_versions(string id)
    {
        using var package = new PackageFile(feed.PackagePath(id));
        var groups = package.DependencyGroups;
        output.WriteLine($"{id} {feed.Version}: nupkg {package.Size:N0} bytes, snupkg {new FileInfo(feed.SymbolPackagePath(id)).Length:N0} bytes");
        foreach (var (framework, dependencies) in groups)
        {
            output.WriteLine($"  dependencies ({framework}): {string.Join(", ", dependencies.Select(d => $"{d.Id} {d.Version}"))}");
        }

        foreach (var (framework, references) in package.FrameworkReferences)
        {
            output.WriteLine($"  framework references ({framework}): {string.Join(", ", references)}");
        }

        groups.Keys.Should().Equal(["net10.0"]);
        var ids = groups["net10.0"].Select(d => d.Id).ToList();
        ids.Should().Contain(ExpectedDependencies.Required(id)).And.OnlyHaveUniqueItems();
        ids.Should().BeSubsetOf(ExpectedDependencies.Allowed(id), "a library package brings only what its code needs (no test framework, analyzer or MinVer)");
        foreach (var dependency in groups["net10.0"])
        {
            // A bare version in a nuspec is the range "at least"; it must be the version the repository builds and tests with.
            dependency.Version.Should().Be(ExpectedDependencies.CentralVersions[dependency.Id], dependency.Id);
        }
    }

    [Fact]
    public void Only_the_testing_package_brings_aspnetcore_as_a_framework_reference()
    {
        using var testing = new PackageFile(feed.PackagePath("PgHa.Testing"));
        testing.FrameworkReferences.Should().ContainKey("net10.0").WhoseValue.Should().Equal("Microsoft.AspNetCore.App");

        foreach (var id in new[] { "PgHa.Election", "PgHa.Routing" })
        {
            using var package = new PackageFile(feed.PackagePath(id));
            package.FrameworkReferences.Values.SelectMany(r => r).Should().BeEmpty($"{id} runs in any host, not only ASP.NET Core");
        }
    }

    private static IEnumerable<(string Name, string Value)> AssemblyAttributes(MetadataReader metadata)
    {
        foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = metadata.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var type = metadata.GetTypeReference((TypeReferenceHandle)metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent);
            var blob = metadata.GetBlobReader(attribute.Value);
            blob.ReadUInt16();
            var value = metadata.GetString(type.Name) switch
            {
                nameof(AssemblyInformationalVersionAttribute) or nameof(AssemblyMetadataAttribute) => blob.ReadSerializedString() ?? "",
                _ => "",
            };
            yield return (metadata.GetString(type.Name), value);
        }
    }
}
