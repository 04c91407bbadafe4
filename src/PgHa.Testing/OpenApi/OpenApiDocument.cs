using System.Security.Cryptography;

namespace PgHa.Testing.OpenApi;

/// <summary>One served OpenAPI document: its UTF-8 JSON and the hash kube uses for <c>?hash=</c> and <c>ETag</c>.</summary>
internal sealed class OpenApiDocument
{
    public OpenApiDocument(byte[] json)
    {
        Json = json;

        // kube-openapi's computeETag: upper-case hex of the SHA-512 of the JSON.
        Hash = Convert.ToHexString(SHA512.HashData(json));
    }

    /// <summary>The document, UTF-8 JSON.</summary>
    public byte[] Json { get; }

    /// <summary>Upper-case hex SHA-512 of <see cref="Json"/>.</summary>
    public string Hash { get; }

    /// <summary>The <c>ETag</c> header value: the hash in double quotes.</summary>
    public string ETag => "\"" + Hash + "\"";
}
