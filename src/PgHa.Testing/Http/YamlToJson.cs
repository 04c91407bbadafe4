using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PgHa.Testing.Api;
using PgHa.Testing.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PgHa.Testing.Http;

/// <summary>Turns a YAML request body into JSON with YAML 1.1-style scalar typing (as kube's sigs.k8s.io/yaml does for the common cases).</summary>
internal static class YamlToJson
{
    public static byte[] Convert(byte[] yaml)
    {
        try
        {
            var stream = new YamlStream();
            using var reader = new StringReader(Encoding.UTF8.GetString(yaml));
            stream.Load(reader);
            if (stream.Documents.Count == 0)
            {
                throw ApiException.BadRequest("the body of the request was empty");
            }

            return (ToNode(stream.Documents[0].RootNode) ?? new JsonObject()).ToUtf8();
        }
        catch (YamlException e)
        {
            throw ApiException.BadRequest("error converting YAML to JSON: " + e.Message);
        }
    }

    private static JsonNode? ToNode(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    obj[((YamlScalarNode)key).Value ?? string.Empty] = ToNode(value);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(ToNode(item));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && char.IsAsciiDigit(text[^1]))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }
}
