using PgHa.Testing.Go;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Patching;

/// <summary>
/// Patch metadata of one field, found the way strategicpatch's <c>LookupPatchMetadataForStruct</c> / <c>ForSlice</c> find
/// it in a Go struct: the schema below the field (for lists, of one element), its strategy without <c>retainKeys</c>,
/// and its merge key.
/// </summary>
internal readonly record struct StrategicFieldMeta(SchemaNode? Schema, string Strategy, string MergeKey)
{
    public const string MergeStrategy = "merge";
    public const string ReplaceStrategy = "replace";
    private const string RetainKeysStrategy = "retainKeys";

    private static readonly StrategicFieldMeta None = new(null, string.Empty, string.Empty);

    /// <summary>Metadata for a field whose values are maps (or scalars).</summary>
    public static StrategicFieldMeta ForStruct(SchemaNode? parent, string key)
    {
        var field = Lookup(parent, key);
        return field is null ? None : new StrategicFieldMeta(field, ParseStrategy(field.PatchStrategy), field.PatchMergeKey ?? string.Empty);
    }

    /// <summary>Metadata for a field whose values are lists; <see cref="Schema"/> describes one element.</summary>
    public static StrategicFieldMeta ForSlice(SchemaNode? parent, string key)
    {
        var field = Lookup(parent, key);
        if (field is null)
        {
            return None;
        }

        // A Go pointer-to-struct field patched with a list keeps the struct as the element type; mirror that by
        // falling back to the field's own schema when it has no items.
        return new StrategicFieldMeta(field.Items ?? field, ParseStrategy(field.PatchStrategy), field.PatchMergeKey ?? string.Empty);
    }

    /// <summary>What strategicpatch's <c>Name()</c> reports for a schema in "cannot merge lists" errors.</summary>
    public static string KindName(SchemaNode? schema) => schema?.Type switch
    {
        SchemaType.Object or null => "struct",
        SchemaType.Array => "slice",
        SchemaType.String => "string",
        SchemaType.Integer => "int64",
        SchemaType.Number => "float64",
        SchemaType.Boolean => "bool",
        _ => "interface",
    };

    private static SchemaNode? Lookup(SchemaNode? parent, string key)
    {
        if (parent is null)
        {
            return null;
        }

        if (parent.Properties.TryGetValue(key, out var field))
        {
            return field;
        }

        if (parent.Properties.Count == 0)
        {
            // Maps carry no patch metadata of their own; kube fails here for maps of structs ("data type is not
            // struct"), which only ever hits nested maps in such values. Keep merging with the value schema instead.
            return parent.AdditionalProperties;
        }

        if (parent.PreserveUnknownFields)
        {
            return null;
        }

        throw PatchException.Unconverted(
            "unable to find api field in struct " + StructName(parent) + " for the json field " + GoStrings.Quote(key));
    }

    private static string StructName(SchemaNode schema)
    {
        var name = schema.DefinitionName;
        if (string.IsNullOrEmpty(name))
        {
            return string.Empty;
        }

        var dot = name.LastIndexOf('.');
        return dot < 0 ? name : name[(dot + 1)..];
    }

    // extractRetainKeysPatchStrategy: at most two comma-separated strategies, one of which may be retainKeys.
    private static string ParseStrategy(string? strategy)
    {
        if (string.IsNullOrEmpty(strategy))
        {
            return string.Empty;
        }

        var comma = strategy.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            return string.Equals(strategy, RetainKeysStrategy, StringComparison.Ordinal) ? string.Empty : strategy;
        }

        var parts = strategy.Split(',');
        if (parts.Length == 2)
        {
            if (string.Equals(parts[0], RetainKeysStrategy, StringComparison.Ordinal))
            {
                return parts[1];
            }

            if (string.Equals(parts[1], RetainKeysStrategy, StringComparison.Ordinal))
            {
                return parts[0];
            }
        }

        throw PatchException.Unconverted("unexpected patch strategy: [" + string.Join(' ', parts) + "]");
    }
}
