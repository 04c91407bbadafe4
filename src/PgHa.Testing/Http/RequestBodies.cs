using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PgHa.Testing.Api;
using PgHa.Testing.Patching;

namespace PgHa.Testing.Http;

/// <summary>Reads and parses request bodies with kube-apiserver's limits and errors.</summary>
internal static class RequestBodies
{
    /// <summary>kube-apiserver's default request body limit (3 MiB).</summary>
    public const int MaxBytes = 3 * 1024 * 1024;

    private static readonly string[] WriteTypes = [MediaTypes.Json, MediaTypes.Yaml, "application/vnd.kubernetes.protobuf"];

    public static async Task<byte[]> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 1024);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>A create or update body: JSON (the default when no Content-Type is sent, as Patroni does) or YAML.</summary>
    public static JsonObject ParseObject(byte[] body, string? contentType)
    {
        var type = MediaTypes.BodyType(contentType);
        if (type is "application/yaml" or "application/x-yaml" or "text/yaml")
        {
            body = YamlToJson.Convert(body);
        }
        else if (type is not ("" or MediaTypes.Json or "*/*" or "text/plain"))
        {
            throw ApiException.UnsupportedMediaType(type, WriteTypes);
        }

        return Parse(body) as JsonObject
            ?? throw ApiException.BadRequest("couldn't get version/kind; json parse error: the body is not a JSON object");
    }

    /// <summary>
    /// Parses an object body into a fully built tree (a repeated member keeps its last value, as Go's decoder
    /// does); a syntax error is kube's 400 decode error.
    /// </summary>
    public static JsonNode? Parse(byte[] body)
    {
        if (body.Length == 0)
        {
            throw ApiException.BadRequest("the body of the request was empty");
        }

        try
        {
            return PatchDocument.Parse(body);
        }
        catch (PatchException e)
        {
            throw ApiException.BadRequest("couldn't get version/kind; json parse error: " + e.Message);
        }
    }

    /// <summary>Parses a PATCH body, with the errors kube's patch handler gives.</summary>
    public static JsonNode? ParsePatch(byte[] body)
    {
        try
        {
            return PatchDocument.Parse(body);
        }
        catch (PatchException e)
        {
            throw new ApiException(e.StatusCode, e.Reason, e.Message);
        }
    }

    private static ApiException TooLarge() =>
        new(413, "RequestEntityTooLarge", $"Request entity too large: limit is {MaxBytes}");
}
