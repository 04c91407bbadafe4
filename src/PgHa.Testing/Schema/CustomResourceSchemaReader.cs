using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Schema;

/// <summary>
/// Reads a CRD version's <c>schema.openAPIV3Schema</c> into a <see cref="SchemaNode"/>, with the
/// <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> (ObjectMeta) properties kube-apiserver implies at
/// the root of every custom resource.
/// </summary>
/// <remarks>
/// Covers what a structural schema may say about shape and values: type, properties, items,
/// additionalProperties, required, enum, nullable, format, default, the numeric/length/size bounds and
/// pattern, and the <c>x-kubernetes-*</c> extensions. <c>allOf</c>/<c>anyOf</c>/<c>oneOf</c>/<c>not</c> and
/// CEL rules (<c>x-kubernetes-validations</c>) are not read: nothing below checks them.
/// </remarks>
internal static class CustomResourceSchemaReader
{
    /// <summary>
    /// The schema of custom resources of kind <paramref name="gvk"/>. A missing schema (only possible for
    /// CRDs written before v1) means "keep everything".
    /// </summary>
    public static SchemaNode Read(JsonObject? openApiV3Schema, GroupVersionKind gvk)
    {
        var root = openApiV3Schema is null
            ? new SchemaNode(SchemaType.Object) { PreserveUnknownFields = true }
            : ReadNode(openApiV3Schema);
        if (root.Type != SchemaType.Object)
        {
            throw new ArgumentException("openAPIV3Schema must describe an object (type: object).", nameof(openApiV3Schema));
        }

        root.DefinitionName = DefinitionName(gvk);
        root.GroupVersionKind = gvk;

        // kube publishes and decodes these whatever the CRD says about them; metadata is always ObjectMeta.
        root.Properties["apiVersion"] = new SchemaNode(SchemaType.String);
        root.Properties["kind"] = new SchemaNode(SchemaType.String);
        root.Properties["metadata"] = ModelSchemaFactory.ObjectMeta;
        return root;
    }

    /// <summary>
    /// The definition name kube gives a custom resource's schema: the group's domain reversed, then
    /// version and kind (<c>acid.zalan.do/v1 postgresql</c> → <c>do.zalan.acid.v1.postgresql</c>).
    /// </summary>
    public static string DefinitionName(GroupVersionKind gvk)
    {
        var labels = gvk.Group.Split('.');
        Array.Reverse(labels);
        return string.Join('.', labels) + "." + gvk.Version + "." + gvk.Kind;
    }

    private static SchemaNode ReadNode(JsonObject schema)
    {
        var intOrString = Bool(schema, "x-kubernetes-int-or-string");
        var preserve = Bool(schema, "x-kubernetes-preserve-unknown-fields");
        var node = new SchemaNode(TypeOf(schema, intOrString))
        {
            Format = String(schema, "format"),
            Description = String(schema, "description"),
            Nullable = Bool(schema, "nullable"),
            PreserveUnknownFields = preserve,
            EmbeddedResource = Bool(schema, "x-kubernetes-embedded-resource"),
            ListType = String(schema, "x-kubernetes-list-type"),
            MapType = String(schema, "x-kubernetes-map-type"),
            Pattern = String(schema, "pattern"),
            Minimum = Number(schema, "minimum"),
            Maximum = Number(schema, "maximum"),
            ExclusiveMinimum = Bool(schema, "exclusiveMinimum"),
            ExclusiveMaximum = Bool(schema, "exclusiveMaximum"),
            MinLength = Integer(schema, "minLength"),
            MaxLength = Integer(schema, "maxLength"),
            MinItems = Integer(schema, "minItems"),
            MaxItems = Integer(schema, "maxItems"),
            MinProperties = Integer(schema, "minProperties"),
            MaxProperties = Integer(schema, "maxProperties"),
            Default = schema["default"]?.DeepClone(),
        };

        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, value) in properties)
            {
                if (value is JsonObject child)
                {
                    node.Properties[name] = ReadNode(child);
                }
            }
        }

        switch (schema["items"])
        {
            case JsonObject items:
                node.Items = ReadNode(items);
                break;
            case JsonArray { Count: > 0 } tuple when tuple[0] is JsonObject first:
                // Structural schemas forbid item tuples; read the first like kube's legacy conversion does.
                node.Items = ReadNode(first);
                break;
        }

        switch (schema["additionalProperties"])
        {
            case JsonObject additional:
                node.AdditionalProperties = ReadNode(additional);
                break;
            case JsonValue allowed when allowed.GetValueKind() == JsonValueKind.True:
                node.AdditionalProperties = new SchemaNode(SchemaType.Any);
                break;
        }

        if (schema["required"] is JsonArray required)
        {
            foreach (var item in required)
            {
                if (item?.GetValueKind() == JsonValueKind.String)
                {
                    node.Required.Add(item.GetValue<string>());
                }
            }
        }

        if (schema["enum"] is JsonArray values)
        {
            node.Enum = values.Select(v => v?.DeepClone()).ToList();
        }

        if (schema["x-kubernetes-list-map-keys"] is JsonArray keys)
        {
            node.ListMapKeys = keys.Where(k => k?.GetValueKind() == JsonValueKind.String).Select(k => k!.GetValue<string>()).ToList();
        }

        return node;
    }

    private static SchemaType TypeOf(JsonObject schema, bool intOrString)
    {
        if (intOrString)
        {
            return SchemaType.IntOrString;
        }

        return String(schema, "type") switch
        {
            "object" => SchemaType.Object,
            "array" => SchemaType.Array,
            "string" => SchemaType.String,
            "integer" => SchemaType.Integer,
            "number" => SchemaType.Number,
            "boolean" => SchemaType.Boolean,
            null when schema["properties"] is not null || schema["additionalProperties"] is JsonObject => SchemaType.Object,
            null when schema["items"] is not null => SchemaType.Array,
            null => SchemaType.Any,
            var other => throw new ArgumentException($"Unsupported schema type \"{other}\".", nameof(schema)),
        };
    }

    private static string? String(JsonObject schema, string name) =>
        schema[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static bool Bool(JsonObject schema, string name) =>
        schema[name] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    private static double? Number(JsonObject schema, string name) =>
        schema[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : null;

    private static long? Integer(JsonObject schema, string name) =>
        Number(schema, name) is { } number ? (long)number : null;
}
