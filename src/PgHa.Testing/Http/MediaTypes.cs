using Microsoft.Net.Http.Headers;

namespace PgHa.Testing.Http;

/// <summary>Content negotiation as kube-apiserver does it for JSON: the Accept header chooses between objects, Tables and metadata.</summary>
internal static class MediaTypes
{
    public const string Json = "application/json";
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";
    public const string Yaml = "application/yaml";

    public static readonly string[] PatchTypes = [JsonPatch, MergePatch, ApplyPatch, StrategicMergePatch];

    /// <summary>
    /// The first acceptable representation in the client's order of preference, or null when the client
    /// accepts nothing this server can produce (it answers JSON only, no protobuf or CBOR).
    /// </summary>
    public static Representation? Negotiate(string? accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return Representation.Json;
        }

        if (!MediaTypeHeaderValue.TryParseList(accept.Split(','), out var values))
        {
            return Representation.Json;
        }

        foreach (var value in values.OrderByDescending(v => v.Quality ?? 1.0))
        {
            var type = value.MediaType.Value ?? string.Empty;
            if (type is not ("application/json" or "*/*" or "application/*"))
            {
                continue;
            }

            string? @as = null;
            string? group = null;
            string? version = null;
            foreach (var parameter in value.Parameters)
            {
                if (parameter.Name.Equals("as", StringComparison.OrdinalIgnoreCase))
                {
                    @as = parameter.Value.Value;
                }
                else if (parameter.Name.Equals("g", StringComparison.OrdinalIgnoreCase))
                {
                    group = parameter.Value.Value;
                }
                else if (parameter.Name.Equals("v", StringComparison.OrdinalIgnoreCase))
                {
                    version = parameter.Value.Value;
                }
            }

            if (@as is null)
            {
                return Representation.Json;
            }

            if (group == "meta.k8s.io" && version is "v1" or "v1beta1")
            {
                var meta = "meta.k8s.io/" + version;
                if (@as == "Table")
                {
                    return new Representation(ResponseFormat.Table, meta);
                }

                if (@as is "PartialObjectMetadata" or "PartialObjectMetadataList")
                {
                    return new Representation(ResponseFormat.PartialObjectMetadata, meta);
                }
            }
        }

        return null;
    }

    /// <summary>A negotiated representation: the format and, for Tables and metadata, the meta.k8s.io version asked for.</summary>
    internal readonly record struct Representation(ResponseFormat Format, string MetaVersion)
    {
        public static Representation Json => new(ResponseFormat.Json, "meta.k8s.io/v1");
    }

    /// <summary>The media type of a request body, without parameters, lower-cased; empty when absent.</summary>
    public static string BodyType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return string.Empty;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim().ToLowerInvariant();
    }
}
