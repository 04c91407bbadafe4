using System.Text.Json.Nodes;
using PgHa.Testing.Json;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Resources;

/// <summary>The resources a CustomResourceDefinition defines: one per served version.</summary>
internal static class CustomResourceTypes
{
    public static List<ResourceType> FromDefinition(JsonObject crd)
    {
        var result = new List<ResourceType>();
        var spec = crd.Object("spec");
        var names = spec.Object("names");
        var group = spec.String("group");
        var plural = names.String("plural");
        var kind = names.String("kind");
        var crdName = crd.Object("metadata").String("name");
        if (group is null || plural is null || kind is null || crdName is null)
        {
            return result;
        }

        foreach (var version in (spec.Array("versions") ?? []).OfType<JsonObject>())
        {
            var name = version.String("name");
            if (name is null || version.Boolean("served") != true)
            {
                continue;
            }

            var gvk = new GroupVersionKind(group, name, kind);
            result.Add(new ResourceType
            {
                Group = group,
                Version = name,
                Plural = plural,
                Singular = names.String("singular") ?? kind.ToLowerInvariant(),
                Kind = kind,
                Namespaced = spec.String("scope") != "Cluster",
                ShortNames = Strings(names.Array("shortNames")),
                Categories = Strings(names.Array("categories")),
                HasStatusSubresource = version.Object("subresources").Object("status") is not null,
                TracksGeneration = true,
                DefinedBy = crdName,
                Schema = CustomResourceSchemaReader.Read(version.Object("schema").Object("openAPIV3Schema"), gvk),
                PrinterColumns = PrinterColumns(version.Array("additionalPrinterColumns")),
                SelectableFields = (version.Array("selectableFields") ?? []).OfType<JsonObject>()
                    .Select(f => (f.String("jsonPath") ?? string.Empty).TrimStart('.'))
                    .Where(p => p.Length > 0).ToList(),
                Verbs = ResourceType.DefaultVerbs,
            });
        }

        return result;
    }

    private static List<PrinterColumn> PrinterColumns(JsonArray? columns)
    {
        var result = new List<PrinterColumn>();
        foreach (var column in (columns ?? []).OfType<JsonObject>())
        {
            if (column.String("name") is { } name && column.String("jsonPath") is { } path)
            {
                result.Add(new PrinterColumn(name, column.String("type") ?? "string", path, (int)(column.Int64("priority") ?? 0),
                    column.String("format"), column.String("description")));
            }
        }

        return result;
    }

    private static List<string> Strings(JsonArray? values) =>
        (values ?? []).Select(v => v?.ToString()).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
}
