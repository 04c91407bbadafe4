using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PgHa.Testing.Go;

namespace PgHa.Testing.Schema;

/// <summary>
/// The built-in half of <see cref="DecodeWalker"/>: Go's <c>encoding/json</c> decoding into the typed
/// structs kube-apiserver uses (sigs.k8s.io/json, case sensitive), with the custom decoders of
/// Quantity, IntOrString, Time and MicroTime.
/// </summary>
internal sealed partial class DecodeWalker
{
    private void VisitGo(JsonNode? node, SchemaNode schema)
    {
        if (node is null || _returnedError is not null)
        {
            return;
        }

        if (ReferenceEquals(schema, WellKnownSchemas.Time) || ReferenceEquals(schema, WellKnownSchemas.MicroTime))
        {
            // metav1.Time's UnmarshalJSON: a JSON string, then time.Parse with its layout.
            if (Kind(node) != JsonValueKind.String)
            {
                ReturnError("json: cannot unmarshal " + GoJson.TypeName(node) + " into Go value of type string");
            }
            else if (GoTime.Check(JsonText.Chars(node.AsValue(), stackalloc char[JsonText.BufferLength]), schema.MicroTime) is { } timeError)
            {
                ReturnError(timeError);
            }

            return;
        }

        if (ReferenceEquals(schema, WellKnownSchemas.Quantity))
        {
            var text = Kind(node) == JsonValueKind.String
                ? JsonText.Chars(node.AsValue(), stackalloc char[JsonText.BufferLength])
                : node.ToJsonString();
            if (GoQuantity.Check(text) is { } quantityError)
            {
                ReturnError(quantityError);
            }

            return;
        }

        switch (schema.Type)
        {
            case SchemaType.IntOrString:
                CheckIntOrString(node);
                break;
            case SchemaType.Object when schema.AdditionalProperties is { } values:
                VisitGoMap(node, schema, values);
                break;
            case SchemaType.Object:
                VisitGoStruct(node, schema);
                break;
            case SchemaType.Array:
                VisitGoArray(node, schema);
                break;
            case SchemaType.String when schema.Format == "byte":
                CheckBytes(node);
                break;
            case SchemaType.String when Kind(node) != JsonValueKind.String:
                SaveTypeError(GoJson.TypeName(node), "string");
                break;
            case SchemaType.Integer:
                CheckInteger(node, schema);
                break;
            case SchemaType.Number when Kind(node) != JsonValueKind.Number:
                SaveTypeError(GoJson.TypeName(node), "float64");
                break;
            case SchemaType.Boolean when Kind(node) is not (JsonValueKind.True or JsonValueKind.False):
                SaveTypeError(GoJson.TypeName(node), "bool");
                break;
        }
    }

    private void VisitGoStruct(JsonNode node, SchemaNode schema)
    {
        if (node is not JsonObject obj)
        {
            SaveTypeError(GoJson.TypeName(node), GoType(schema));
            return;
        }

        for (var i = 0; i < obj.Count; i++)
        {
            var (key, value) = obj.GetAt(i);
            if (!schema.Properties.TryGetValue(key, out var property))
            {
                RecordUnknown(key);
                obj.RemoveAt(i--);
                continue;
            }

            if (value is null)
            {
                // Go leaves the field unset; it is not written back.
                obj.RemoveAt(i--);
                continue;
            }

            Push(SegmentKind.Field, key, 0, schema);
            VisitGo(value, property);
            Pop();
            if (_returnedError is not null)
            {
                return;
            }
        }
    }

    private void VisitGoMap(JsonNode node, SchemaNode schema, SchemaNode values)
    {
        if (node is not JsonObject obj)
        {
            SaveTypeError(GoJson.TypeName(node), GoType(schema));
            return;
        }

        for (var i = 0; i < obj.Count; i++)
        {
            var (key, value) = obj.GetAt(i);
            if (value is null)
            {
                // A null map value decodes to the element's zero value, which is what is stored.
                obj.SetAt(i, GoZero(values));
                continue;
            }

            Push(SegmentKind.MapKey, key, 0, null);
            VisitGo(value, values);
            Pop();
            if (_returnedError is not null)
            {
                return;
            }
        }
    }

    private void VisitGoArray(JsonNode node, SchemaNode schema)
    {
        if (node is not JsonArray array)
        {
            SaveTypeError(GoJson.TypeName(node), GoType(schema));
            return;
        }

        var items = schema.Items ?? WellKnownSchemas.RawExtension;
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is null)
            {
                array[i] = GoZero(items);
                continue;
            }

            Push(SegmentKind.Index, null, i, null);
            VisitGo(array[i], items);
            Pop();
            if (_returnedError is not null)
            {
                return;
            }
        }
    }

    private void CheckInteger(JsonNode node, SchemaNode schema)
    {
        var goType = schema.Format == "int64" ? "int64" : "int32";
        if (Kind(node) != JsonValueKind.Number)
        {
            SaveTypeError(GoJson.TypeName(node), goType);
            return;
        }

        var value = node.AsValue();
        if (!GoValues.TryGetInt64(value, out var number) || (goType == "int32" && number is < int.MinValue or > int.MaxValue))
        {
            SaveTypeError("number " + value.ToJsonString(), goType);
        }
    }

    // intstr.IntOrString's UnmarshalJSON: a string, else encoding/json into an int32 (errors without context).
    private void CheckIntOrString(JsonNode node)
    {
        switch (Kind(node))
        {
            case JsonValueKind.String:
                return;
            case JsonValueKind.Number:
                var value = node.AsValue();
                if (!GoValues.TryGetInt64(value, out var number) || number is < int.MinValue or > int.MaxValue)
                {
                    ReturnError("json: cannot unmarshal number " + value.ToJsonString() + " into Go value of type int32");
                }

                return;
            default:
                ReturnError("json: cannot unmarshal " + GoJson.TypeName(node) + " into Go value of type int32");
                return;
        }
    }

    private void CheckBytes(JsonNode node)
    {
        switch (Kind(node))
        {
            case JsonValueKind.String:
                if (GoBase64.Check(node.GetValue<string>()) is { } error)
                {
                    SaveError(error);
                }

                break;
            case JsonValueKind.Array:
                // Go decodes a JSON array of small integers into []byte element by element.
                break;
            default:
                SaveTypeError(GoJson.TypeName(node), "[]uint8");
                break;
        }
    }

    // Go's UnmarshalTypeError with the decoder's error context: the innermost struct and its field path.
    private void SaveTypeError(string value, string goType)
    {
        if (_savedError is not null)
        {
            return;
        }

        var fields = new StringBuilder();
        SchemaNode? owner = null;
        for (var i = _goBase; i < _depth; i++)
        {
            if (_path[i].Kind == SegmentKind.Field)
            {
                fields.Append(fields.Length == 0 ? string.Empty : ".").Append(_path[i].Key);
                owner = _path[i].Owner;
            }
        }

        _savedError = owner?.DefinitionName is { } definition
            ? "json: cannot unmarshal " + value + " into Go struct field " + KubeDefinitionNames.GoStructName(definition) + "." + fields + " of type " + goType
            : "json: cannot unmarshal " + value + " into Go value of type " + goType;
    }

    private static JsonValueKind Kind(JsonNode node) => node.GetValueKind();

    // The Go type of a schema as reflect prints it in UnmarshalTypeError.
    private static string GoType(SchemaNode schema)
    {
        if (schema.DefinitionName is { } definition)
        {
            return definition switch
            {
                WellKnownSchemas.IntOrStringName => "intstr.IntOrString",
                WellKnownSchemas.QuantityName => "resource.Quantity",
                WellKnownSchemas.RawExtensionName => "runtime.RawExtension",
                _ => KubeDefinitionNames.GoTypeName(definition),
            };
        }

        return schema.Type switch
        {
            SchemaType.Object when schema.AdditionalProperties is { } values => "map[string]" + GoType(values),
            SchemaType.Array => "[]" + GoType(schema.Items ?? WellKnownSchemas.RawExtension),
            SchemaType.String when schema.Format == "byte" => "[]uint8",
            SchemaType.String => "string",
            SchemaType.Integer => schema.Format == "int64" ? "int64" : "int32",
            SchemaType.Number => "float64",
            SchemaType.Boolean => "bool",
            _ => "interface {}",
        };
    }

    // The JSON Go writes back for a zero value of the schema's type (nil slices, maps and pointers stay null).
    private static JsonNode? GoZero(SchemaNode schema) => schema.Type switch
    {
        SchemaType.String when schema.Format is null => JsonValue.Create(string.Empty),
        SchemaType.Integer => JsonValue.Create(0),
        SchemaType.Number => JsonValue.Create(0),
        SchemaType.Boolean => JsonValue.Create(false),
        SchemaType.Object when schema.AdditionalProperties is null && schema.DefinitionName is not null => new JsonObject(),
        _ => null,
    };
}
