using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Go;

/// <summary>
/// Go's <c>encoding/json</c> on decoded values (go/src/encoding/json/encode.go and decode.go): <c>json.Marshal</c> of
/// an <c>interface{}</c> tree, with map keys sorted, HTML-safe string escaping and Go's float64 text; and the word its
/// decoder uses for a JSON value's type in <c>cannot unmarshal X into ...</c> errors.
/// </summary>
internal static class GoJson
{
    /// <summary><c>json.Marshal</c> of the value <paramref name="node"/> decodes to, e.g. <c>{"a":[1,"x"],"b":1e+21}</c>.</summary>
    public static string Marshal(JsonNode? node)
    {
        var builder = new StringBuilder();
        Append(builder, node);
        return builder.ToString();
    }

    /// <summary>Writes <see cref="Marshal"/> of <paramref name="node"/> into <paramref name="builder"/>.</summary>
    public static void Append(StringBuilder builder, JsonNode? node)
    {
        ArgumentNullException.ThrowIfNull(builder);
        switch (GoValues.KindOf(node))
        {
            case GoKind.Nil:
                builder.Append("null");
                return;
            case GoKind.Map:
                AppendMap(builder, node!.AsObject());
                return;
            case GoKind.Slice:
                var array = node!.AsArray();
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Append(builder, array[i]);
                }

                builder.Append(']');
                return;
            case GoKind.String:
                AppendString(builder, node!.GetValue<string>());
                return;
            case GoKind.Int64:
                builder.Append(GoValues.ToInt64(node!.AsValue()).ToString(CultureInfo.InvariantCulture));
                return;
            case GoKind.Float64:
                GoFloats.Append(builder, GoValues.ToDouble(node!.AsValue()), json: true);
                return;
            default:
                builder.Append(node!.GetValueKind() == System.Text.Json.JsonValueKind.True ? "true" : "false");
                return;
        }
    }

    /// <summary>
    /// A JSON string as <c>json.Marshal</c> writes it (HTML escaping on): <c>\"</c>, <c>\\</c>, <c>\b \f \n \r \t</c>,
    /// <c>\u00XX</c> for other controls and for <c>&lt; &gt; &amp;</c>, and <c>\u2028</c>/<c>\u2029</c>; everything else as is.
    /// </summary>
    public static void AppendString(StringBuilder builder, string text)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(text);
        builder.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var shortForm = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => null,
            };
            if (shortForm is not null)
            {
                builder.Append(shortForm);
            }
            else if (c < 0x20 || c is '<' or '>' or '&' or '\u2028' or '\u2029')
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])))
            {
                // A lone surrogate: Go decoding the same JSON text holds U+FFFD there, which Marshal writes as is.
                builder.Append('\uFFFD');
            }
            else
            {
                builder.Append(c);
                if (char.IsHighSurrogate(c))
                {
                    builder.Append(text[++i]);
                }
            }
        }

        builder.Append('"');
    }

    /// <summary>
    /// The word <c>encoding/json</c> uses for a JSON value's type in an <c>UnmarshalTypeError</c>
    /// (<c>json: cannot unmarshal number into Go value of type string</c>).
    /// </summary>
    public static string TypeName(JsonNode? node) => GoValues.KindOf(node) switch
    {
        GoKind.Map => "object",
        GoKind.Slice => "array",
        GoKind.String => "string",
        GoKind.Bool => "bool",
        GoKind.Nil => "null",
        _ => "number",
    };

    private static void AppendMap(StringBuilder builder, JsonObject map)
    {
        var keys = GoValues.SortedKeys(map);
        builder.Append('{');
        for (var i = 0; i < keys.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            AppendString(builder, keys[i]);
            builder.Append(':');
            Append(builder, map[keys[i]]);
        }

        builder.Append('}');
    }
}
