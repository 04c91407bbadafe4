using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PgHa.Testing.Go;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Schema;

/// <summary>
/// The custom-resource half of <see cref="DecodeWalker"/>: apiextensions-apiserver's structural pruning,
/// null pruning and defaulting, and kube-openapi's schema validation with the field errors
/// <c>kubeOpenAPIResultToFieldErrors</c> makes of it.
/// </summary>
internal sealed partial class DecodeWalker
{
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    private void VisitCustom(JsonNode node, SchemaNode schema)
    {
        if (schema.Type == SchemaType.Any)
        {
            if (!schema.PreserveUnknownFields && !schema.EmbeddedResource)
            {
                PruneAll(node);
            }
            else if (node is JsonObject obj && (schema.Properties.Count > 0 || schema.AdditionalProperties is not null))
            {
                VisitCustomObject(obj, schema, isRoot: false);
            }

            CheckEnum(node, schema);
            return;
        }

        if (!Matches(schema.Type, node))
        {
            AddTypeErrors(schema, TypeName(node));
            CheckEnum(node, schema);
            return;
        }

        CheckEnum(node, schema);
        switch (node)
        {
            case JsonObject obj:
                VisitCustomObject(obj, schema, isRoot: false);
                break;
            case JsonArray array:
                VisitCustomArray(array, schema);
                break;
            default:
                CheckScalar(node.AsValue(), schema);
                break;
        }
    }

    private void VisitCustomObject(JsonObject obj, SchemaNode schema, bool isRoot)
    {
        for (var i = 0; i < obj.Count; i++)
        {
            var (key, value) = obj.GetAt(i);
            if (isRoot && key == "metadata")
            {
                // GetObjectMeta: metadata decodes as a Go ObjectMeta; its errors are Go's, relative to it.
                Push(SegmentKind.Field, key, 0, null);
                _goBase = _depth;
                VisitGo(value, ModelSchemaFactory.ObjectMeta);
                _goBase = 0;
                Pop();
                continue;
            }

            if ((isRoot || schema.EmbeddedResource) && key is "apiVersion" or "kind" or "metadata")
            {
                continue;
            }

            var property = schema.Properties.GetValueOrDefault(key) ?? schema.AdditionalProperties;
            if (property is null)
            {
                if (!schema.PreserveUnknownFields)
                {
                    RecordPruned(key);
                    obj.RemoveAt(i--);
                }

                continue;
            }

            if (value is null && !property.Nullable)
            {
                if (property.Default is null)
                {
                    obj.RemoveAt(i--);
                }
                else
                {
                    obj.SetAt(i, property.Default.DeepClone());
                }
            }
        }

        foreach (var (name, property) in schema.Properties)
        {
            if (property.Default is not null && !obj.ContainsKey(name))
            {
                obj[name] = property.Default.DeepClone();
            }
        }

        if (schema.MaxProperties is { } maxProperties && obj.Count > maxProperties)
        {
            AddError(FieldError.TooMany(PathString(), obj.Count, maxProperties));
        }

        if (schema.MinProperties is { } minProperties && obj.Count < minProperties)
        {
            AddInvalid(obj.Count.ToString(CultureInfo.InvariantCulture), "should have at least " + minProperties.ToString(CultureInfo.InvariantCulture) + " properties");
        }

        foreach (var required in schema.Required)
        {
            if (!obj.ContainsKey(required))
            {
                AddError(FieldError.Required(PathWith(required), string.Empty));
            }
        }

        for (var i = 0; i < obj.Count; i++)
        {
            var (key, value) = obj.GetAt(i);
            if (value is null || ((isRoot || schema.EmbeddedResource) && key is "apiVersion" or "kind" or "metadata"))
            {
                continue;
            }

            if ((schema.Properties.GetValueOrDefault(key) ?? schema.AdditionalProperties) is { } property)
            {
                Push(schema.Properties.ContainsKey(key) ? SegmentKind.Field : SegmentKind.MapKey, key, 0, null);
                VisitCustom(value, property);
                Pop();
            }
        }
    }

    private void VisitCustomArray(JsonArray array, SchemaNode schema)
    {
        if (schema.MaxItems is { } maxItems && array.Count > maxItems)
        {
            AddError(FieldError.TooMany(PathString(), array.Count, maxItems));
        }

        if (schema.MinItems is { } minItems && array.Count < minItems)
        {
            AddInvalid(array.Count.ToString(CultureInfo.InvariantCulture), "should have at least " + minItems.ToString(CultureInfo.InvariantCulture) + " items");
        }

        for (var i = 0; i < array.Count; i++)
        {
            Push(SegmentKind.Index, null, i, null);
            if (array[i] is { } item)
            {
                if (schema.Items is { } items)
                {
                    VisitCustom(item, items);
                }
                else
                {
                    PruneAll(item);
                }
            }
            else if (schema.Items is { Nullable: false, Type: not SchemaType.Any } items)
            {
                AddTypeErrors(items, "null");
            }

            Pop();
        }
    }

    private void CheckScalar(JsonValue value, SchemaNode schema)
    {
        if (value.GetValueKind() == JsonValueKind.Number)
        {
            var number = JsonNumbers.GetDouble(value);
            if (schema.Minimum is { } min && (schema.ExclusiveMinimum ? number <= min : number < min))
            {
                AddInvalid(FieldError.FormatValue(value), "should be greater than " + (schema.ExclusiveMinimum ? string.Empty : "or equal to ") + GoFloats.Format(min));
            }

            if (schema.Maximum is { } max && (schema.ExclusiveMaximum ? number >= max : number > max))
            {
                AddInvalid(FieldError.FormatValue(value), "should be less than " + (schema.ExclusiveMaximum ? string.Empty : "or equal to ") + GoFloats.Format(max));
            }

            return;
        }

        if (value.GetValueKind() != JsonValueKind.String)
        {
            return;
        }

        var text = value.GetValue<string>();
        if (schema.MaxLength is not null || schema.MinLength is not null)
        {
            var runes = 0;
            foreach (var unused in text.EnumerateRunes())
            {
                runes++;
            }

            if (schema.MaxLength is { } maxLength && runes > maxLength)
            {
                AddError(FieldError.TooLong(PathString(), maxLength));
            }

            if (schema.MinLength is { } minLength && runes < minLength)
            {
                AddInvalid(GoStrings.Quote(text), "should be at least " + minLength.ToString(CultureInfo.InvariantCulture) + " chars long");
            }
        }

        if (schema.Pattern is { } pattern
            && !Patterns.GetOrAdd(pattern, static p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))).IsMatch(text))
        {
            AddInvalid(GoStrings.Quote(text), "should match '" + pattern + "'");
        }
    }

    private void CheckEnum(JsonNode node, SchemaNode schema)
    {
        if (schema.Enum is not { } allowed)
        {
            return;
        }

        foreach (var candidate in allowed)
        {
            if (JsonNode.DeepEquals(node, candidate) || NumbersEqual(node, candidate))
            {
                return;
            }
        }

        // apiextensions' kubeOpenAPIResultToFieldErrors: string values as they are, others as json.Marshal gives them.
        var supported = allowed.Select(v => v is JsonValue s && s.GetValueKind() == JsonValueKind.String ? s.GetValue<string>() : GoJson.Marshal(v));
        AddError(FieldError.NotSupported(PathString(), node, supported));
    }

    // kube-openapi's type check: "in body must be of type integer: \"string\"", after anyOf for int-or-string.
    private void AddTypeErrors(SchemaNode schema, string actual)
    {
        var path = PathString();
        if (schema.Type == SchemaType.IntOrString)
        {
            AddError(FieldError.Invalid(string.Empty, string.Empty, path + " must validate at least one schema (anyOf)"));
            AddError(new FieldError(FieldErrorType.TypeInvalid, path, GoStrings.Quote(actual), path + " in body must be of type integer: " + GoStrings.Quote(actual)));
            return;
        }

        var expected = schema.Type.ToString().ToLowerInvariant();
        AddError(new FieldError(FieldErrorType.TypeInvalid, path, GoStrings.Quote(actual), path + " in body must be of type " + expected + ": " + GoStrings.Quote(actual)));
    }

    // kube's structural pruning of a value with no schema: every object field below is unknown.
    private void PruneAll(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                for (var i = obj.Count - 1; i >= 0; i--)
                {
                    RecordPruned(obj.GetAt(i).Key);
                }

                obj.Clear();
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Push(SegmentKind.Index, null, i, null);
                    PruneAll(array[i]);
                    Pop();
                }

                break;
        }
    }

    private void RecordPruned(string key)
    {
        if (_validation != FieldValidation.Ignore)
        {
            (_pruned ??= []).Add(PathWith(key));
        }
    }

    private void AddInvalid(string renderedValue, string rule)
    {
        var path = PathString();
        AddError(new FieldError(FieldErrorType.Invalid, path, renderedValue, path + " in body " + rule));
    }

    private void AddError(FieldError error) => (_fieldErrors ??= []).Add(error);

    private static bool Matches(SchemaType type, JsonNode node) => (type, node.GetValueKind()) switch
    {
        (SchemaType.Object, JsonValueKind.Object) => true,
        (SchemaType.Array, JsonValueKind.Array) => true,
        (SchemaType.String, JsonValueKind.String) => true,
        (SchemaType.Boolean, JsonValueKind.True or JsonValueKind.False) => true,
        (SchemaType.Number, JsonValueKind.Number) => true,
        (SchemaType.Integer, JsonValueKind.Number) => JsonNumbers.IsIntegral(node.AsValue()),
        (SchemaType.IntOrString, JsonValueKind.String) => true,
        (SchemaType.IntOrString, JsonValueKind.Number) => JsonNumbers.IsIntegral(node.AsValue()),
        _ => false,
    };

    // The JSON type kube-openapi names for a decoded value (integers decode as int64 when they fit).
    private static string TypeName(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => GoValues.TryGetInt64(node.AsValue(), out _) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static bool NumbersEqual(JsonNode node, JsonNode? candidate) =>
        node is JsonValue a && candidate is JsonValue b && a.GetValueKind() == JsonValueKind.Number
        && b.GetValueKind() == JsonValueKind.Number && JsonNumbers.GetDouble(a) == JsonNumbers.GetDouble(b);
}
