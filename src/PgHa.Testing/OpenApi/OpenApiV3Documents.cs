using System.Runtime.CompilerServices;
using System.Text.Json;
using PgHa.Testing.Resources;

namespace PgHa.Testing.OpenApi;

/// <summary>
/// The OpenAPI v3 documents kube-apiserver serves: the <c>/openapi/v3</c> root, which lists a
/// <c>serverRelativeURL</c> with a content hash per group-version, and one OpenAPI 3.0 document per
/// group-version (<c>/openapi/v3/api/v1</c>, <c>/openapi/v3/apis/discovery.k8s.io/v1</c>).
/// </summary>
/// <remarks>
/// Documents are cached by the identity of the resource list, and a group-version's document by the
/// identity of its resources, so registering a CRD rebuilds only that group-version's document and the root.
/// The HTTP layer serves a document with <c>Content-Type: application/json</c> and <c>ETag</c>; when the
/// request's <c>hash</c> matches it adds <c>Cache-Control: public, immutable</c>, when it differs it
/// redirects (301) to the current <c>serverRelativeURL</c>, as kube-openapi's handler does.
/// </remarks>
internal sealed class OpenApiV3Documents
{
    private static readonly ConditionalWeakTable<IReadOnlyList<ResourceType>, OpenApiV3Documents> ByList = [];
    private static readonly Lock Gate = new();

    // Guarded by Gate: the last document built per group-version, with the resources it was built from.
    private static readonly Dictionary<string, (ResourceType[] Resources, OpenApiDocument Document)> Built = new(StringComparer.Ordinal);

    private readonly Dictionary<string, OpenApiDocument> _groupVersions;

    private OpenApiV3Documents(IReadOnlyList<ResourceType> resources)
    {
        _groupVersions = new Dictionary<string, OpenApiDocument>(StringComparer.Ordinal);
        foreach (var group in resources.GroupBy(GroupVersionPath, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            _groupVersions[group.Key] = DocumentFor(group.Key, [.. group]);
        }

        Root = new OpenApiDocument(WriteRoot(_groupVersions));
    }

    /// <summary>The documents for <paramref name="resources"/>, built once per list instance.</summary>
    public static OpenApiV3Documents For(IReadOnlyList<ResourceType> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return ByList.GetValue(resources, static list => new OpenApiV3Documents(list));
    }

    /// <summary>The <c>/openapi/v3</c> document: <c>{"paths":{"api/v1":{"serverRelativeURL":"/openapi/v3/api/v1?hash=..."}}}</c>.</summary>
    public OpenApiDocument Root { get; }

    /// <summary>The group-version paths served (<c>api/v1</c>, <c>apis/discovery.k8s.io/v1</c>), sorted.</summary>
    public IEnumerable<string> GroupVersionPaths => _groupVersions.Keys.Order(StringComparer.Ordinal);

    /// <summary>The document of group-version path <paramref name="path"/> (<c>api/v1</c>, without the <c>/openapi/v3/</c> prefix).</summary>
    public bool TryGetGroupVersion(string path, out OpenApiDocument document) =>
        _groupVersions.TryGetValue(path.Trim('/'), out document!);

    /// <summary><c>api/v1</c> for the core group, else <c>apis/group/version</c>.</summary>
    public static string GroupVersionPath(ResourceType resource) =>
        resource.Group.Length == 0 ? "api/" + resource.Version : "apis/" + resource.Group + "/" + resource.Version;

    /// <summary>The root's <c>serverRelativeURL</c> of a group-version document.</summary>
    public static string ServerRelativeUrl(string groupVersionPath, OpenApiDocument document) =>
        "/openapi/v3/" + groupVersionPath + "?hash=" + document.Hash;

    private static OpenApiDocument DocumentFor(string path, ResourceType[] resources)
    {
        lock (Gate)
        {
            if (Built.TryGetValue(path, out var built) && built.Resources.SequenceEqual(resources, ReferenceEqualityComparer.Instance))
            {
                return built.Document;
            }
        }

        var document = new OpenApiDocument(WriteGroupVersion(resources));
        lock (Gate)
        {
            Built[path] = (resources, document);
        }

        return document;
    }

    private static byte[] WriteGroupVersion(ResourceType[] resources)
    {
        var schemas = new OpenApiSchemaWriter(v3: true);
        var pathWriter = new OpenApiPathWriter(v3: true, schemas);
        var paths = new SortedDictionary<string, Action<Utf8JsonWriter>>(StringComparer.Ordinal);
        var roots = pathWriter.AddAll(resources.OrderBy(r => r.Plural, StringComparer.Ordinal), paths);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("components");
            writer.WriteStartObject("schemas");
            foreach (var (name, node) in OpenApiSchemaWriter.Closure(roots))
            {
                writer.WritePropertyName(name);
                schemas.WriteDefinition(writer, node);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartObject("info");
            writer.WriteString("title", "Kubernetes");
            writer.WriteString("version", "unversioned");
            writer.WriteEndObject();
            writer.WriteString("openapi", "3.0.0");
            writer.WriteStartObject("paths");
            foreach (var (path, write) in paths)
            {
                writer.WritePropertyName(path);
                write(writer);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static byte[] WriteRoot(Dictionary<string, OpenApiDocument> groupVersions)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("paths");
            foreach (var (path, document) in groupVersions.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject(path);
                writer.WriteString("serverRelativeURL", ServerRelativeUrl(path, document));
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
