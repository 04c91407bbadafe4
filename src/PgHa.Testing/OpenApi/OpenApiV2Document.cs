using System.Runtime.CompilerServices;
using System.Text.Json;
using PgHa.Testing.Resources;

namespace PgHa.Testing.OpenApi;

/// <summary>
/// The Swagger 2.0 document kube-apiserver serves at <c>/openapi/v2</c>: every resource's paths and every
/// schema under <c>definitions</c>. Built once per resource list instance.
/// </summary>
internal static class OpenApiV2Document
{
    private static readonly ConditionalWeakTable<IReadOnlyList<ResourceType>, OpenApiDocument> ByList = [];

    /// <summary>The document for <paramref name="resources"/>.</summary>
    public static OpenApiDocument For(IReadOnlyList<ResourceType> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        return ByList.GetValue(resources, static list => new OpenApiDocument(Write(list)));
    }

    private static byte[] Write(IReadOnlyList<ResourceType> resources)
    {
        var schemas = new OpenApiSchemaWriter(v3: false);
        var pathWriter = new OpenApiPathWriter(v3: false, schemas);
        var paths = new SortedDictionary<string, Action<Utf8JsonWriter>>(StringComparer.Ordinal);
        var roots = pathWriter.AddAll(resources, paths);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("definitions");
            foreach (var (name, node) in OpenApiSchemaWriter.Closure(roots))
            {
                writer.WritePropertyName(name);
                schemas.WriteDefinition(writer, node);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("info");
            writer.WriteString("title", "Kubernetes");
            writer.WriteString("version", "unversioned");
            writer.WriteEndObject();
            writer.WriteStartObject("paths");
            foreach (var (path, write) in paths)
            {
                writer.WritePropertyName(path);
                write(writer);
            }

            writer.WriteEndObject();
            writer.WriteString("swagger", "2.0");
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
