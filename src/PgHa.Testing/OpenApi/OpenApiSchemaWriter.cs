using System.Text.Json;
using System.Text.Json.Nodes;
using PgHa.Testing.Schema;

namespace PgHa.Testing.OpenApi;

/// <summary>
/// Writes <see cref="SchemaNode"/>s as OpenAPI schema objects, in kube-apiserver's v3 dialect
/// (<c>#/components/schemas</c>, references wrapped in <c>allOf</c> so extensions may sit beside them,
/// <c>oneOf</c> for IntOrString and Quantity, <c>nullable</c>) or its v2 dialect (<c>#/definitions</c>,
/// bare <c>$ref</c>, string-typed IntOrString and Quantity).
/// </summary>
internal sealed class OpenApiSchemaWriter(bool v3)
{
    private readonly string _refPrefix = v3 ? "#/components/schemas/" : "#/definitions/";

    /// <summary>The JSON pointer of a named definition.</summary>
    public string Ref(string definitionName) => _refPrefix + definitionName;

    /// <summary>Every named definition reachable from <paramref name="roots"/>, by name (ordinal order).</summary>
    public static SortedDictionary<string, SchemaNode> Closure(IEnumerable<SchemaNode> roots)
    {
        var found = new SortedDictionary<string, SchemaNode>(StringComparer.Ordinal);
        var seen = new HashSet<SchemaNode>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<SchemaNode>(roots);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node))
            {
                continue;
            }

            if (node.DefinitionName is { } name)
            {
                found.TryAdd(name, node);
            }

            foreach (var child in node.Properties.Values)
            {
                stack.Push(child);
            }

            if (node.Items is not null)
            {
                stack.Push(node.Items);
            }

            if (node.AdditionalProperties is not null)
            {
                stack.Push(node.AdditionalProperties);
            }
        }

        return found;
    }

    /// <summary>Writes the body of the definition <paramref name="node"/> (the value under its name).</summary>
    public void WriteDefinition(Utf8JsonWriter writer, SchemaNode node)
    {
        writer.WriteStartObject();
        if (ReferenceEquals(node, WellKnownSchemas.IntOrString))
        {
            writer.WriteString("format", "int-or-string");
            WriteScalarAlternatives(writer, "integer", "string");
        }
        else if (ReferenceEquals(node, WellKnownSchemas.Quantity))
        {
            WriteScalarAlternatives(writer, "string", "number");
        }
        else if (node.Type == SchemaType.Any && node.Properties.Count == 0)
        {
            if (WellKnownSchemas.IsObjectTyped(node))
            {
                writer.WriteString("type", "object");
            }
        }
        else
        {
            WriteBody(writer, node);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a schema that uses <paramref name="node"/>: a reference when it is named, else the inline schema.</summary>
    public void WriteUse(Utf8JsonWriter writer, SchemaNode node)
    {
        writer.WriteStartObject();
        if (node.DefinitionName is { } name)
        {
            if (v3)
            {
                writer.WriteStartArray("allOf");
                writer.WriteStartObject();
                writer.WriteString("$ref", Ref(name));
                writer.WriteEndObject();
                writer.WriteEndArray();
            }
            else
            {
                writer.WriteString("$ref", Ref(name));
            }
        }
        else
        {
            WriteBody(writer, node);
        }

        writer.WriteEndObject();
    }

    // The members of an object, array, map or scalar schema (without the surrounding braces).
    private void WriteBody(Utf8JsonWriter writer, SchemaNode node)
    {
        if (node.AdditionalProperties is { } values)
        {
            writer.WritePropertyName("additionalProperties");
            WriteUse(writer, values);
        }

        if (node.Default is not null)
        {
            writer.WritePropertyName("default");
            node.Default.WriteTo(writer);
        }

        if (node.Description is not null)
        {
            writer.WriteString("description", node.Description);
        }

        if (node.Enum is not null)
        {
            writer.WriteStartArray("enum");
            foreach (var value in node.Enum)
            {
                WriteJson(writer, value);
            }

            writer.WriteEndArray();
        }

        WriteBounds(writer, node);
        if (node.Format is not null)
        {
            writer.WriteString("format", node.Format);
        }

        if (node.Items is { } items)
        {
            writer.WritePropertyName("items");
            WriteUse(writer, items);
        }

        if (node.Nullable && v3)
        {
            writer.WriteBoolean("nullable", true);
        }

        if (node.Pattern is not null)
        {
            writer.WriteString("pattern", node.Pattern);
        }

        if (node.Properties.Count > 0)
        {
            writer.WriteStartObject("properties");
            foreach (var (name, property) in node.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(name);
                WriteUse(writer, property);
            }

            writer.WriteEndObject();
        }

        if (node.Required.Count > 0)
        {
            writer.WriteStartArray("required");
            foreach (var name in node.Required)
            {
                writer.WriteStringValue(name);
            }

            writer.WriteEndArray();
        }

        if (TypeName(node) is { } type)
        {
            writer.WriteString("type", type);
        }

        WriteExtensions(writer, node);
    }

    private static void WriteBounds(Utf8JsonWriter writer, SchemaNode node)
    {
        if (node.ExclusiveMaximum)
        {
            writer.WriteBoolean("exclusiveMaximum", true);
        }

        if (node.ExclusiveMinimum)
        {
            writer.WriteBoolean("exclusiveMinimum", true);
        }

        WriteNumber(writer, "maxItems", node.MaxItems);
        WriteNumber(writer, "maxLength", node.MaxLength);
        WriteNumber(writer, "maxProperties", node.MaxProperties);
        if (node.Maximum is { } maximum)
        {
            writer.WriteNumber("maximum", maximum);
        }

        WriteNumber(writer, "minItems", node.MinItems);
        WriteNumber(writer, "minLength", node.MinLength);
        WriteNumber(writer, "minProperties", node.MinProperties);
        if (node.Minimum is { } minimum)
        {
            writer.WriteNumber("minimum", minimum);
        }
    }

    private static void WriteExtensions(Utf8JsonWriter writer, SchemaNode node)
    {
        if (node.EmbeddedResource)
        {
            writer.WriteBoolean("x-kubernetes-embedded-resource", true);
        }

        if (node.GroupVersionKind is { } gvk)
        {
            writer.WriteStartArray("x-kubernetes-group-version-kind");
            writer.WriteStartObject();
            writer.WriteString("group", gvk.Group);
            writer.WriteString("kind", gvk.Kind);
            writer.WriteString("version", gvk.Version);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        if (node.Type == SchemaType.IntOrString)
        {
            writer.WriteBoolean("x-kubernetes-int-or-string", true);
        }

        if (node.ListMapKeys is { Count: > 0 } keys)
        {
            writer.WriteStartArray("x-kubernetes-list-map-keys");
            foreach (var key in keys)
            {
                writer.WriteStringValue(key);
            }

            writer.WriteEndArray();
        }

        WriteString(writer, "x-kubernetes-list-type", node.ListType);
        WriteString(writer, "x-kubernetes-map-type", node.MapType);
        WriteString(writer, "x-kubernetes-patch-merge-key", node.PatchMergeKey);
        WriteString(writer, "x-kubernetes-patch-strategy", node.PatchStrategy);
        if (node.PreserveUnknownFields)
        {
            writer.WriteBoolean("x-kubernetes-preserve-unknown-fields", true);
        }
    }

    private void WriteScalarAlternatives(Utf8JsonWriter writer, string first, string second)
    {
        if (!v3)
        {
            writer.WriteString("type", "string");
            return;
        }

        writer.WriteStartArray("oneOf");
        foreach (var type in (ReadOnlySpan<string>)[first, second])
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static string? TypeName(SchemaNode node) => node.Type switch
    {
        SchemaType.Object => "object",
        SchemaType.Array => "array",
        SchemaType.String => "string",
        SchemaType.Integer => "integer",
        SchemaType.Number => "number",
        SchemaType.Boolean => "boolean",
        _ => null,
    };

    private static void WriteJson(Utf8JsonWriter writer, JsonNode? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            value.WriteTo(writer);
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private static void WriteString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
