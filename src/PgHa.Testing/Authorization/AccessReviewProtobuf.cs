using System.Text;
using System.Text.Json.Nodes;
using PgHa.Testing.Api;

namespace PgHa.Testing.Authorization;

/// <summary>
/// Decodes the one protobuf body the server accepts: a SelfSubjectAccessReview, which kubectl's typed client sends as
/// <c>application/vnd.kubernetes.protobuf</c> (<c>kubectl auth can-i</c>). The envelope is kube's: the magic
/// <c>k8s\0</c>, then a runtime.Unknown whose field 2 holds the object (k8s.io/api/authorization/v1 generated.proto).
/// Only the spec is read; it becomes the JSON the review is answered from.
/// </summary>
internal static class AccessReviewProtobuf
{
    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    public static JsonObject Decode(byte[] body)
    {
        try
        {
            if (!body.AsSpan().StartsWith(Magic))
            {
                throw ApiException.BadRequest("the protobuf body does not start with kube's envelope");
            }

            var raw = Bytes(body.AsMemory(Magic.Length), 2) ?? ReadOnlyMemory<byte>.Empty;
            var spec = new JsonObject();
            if (Bytes(raw, 2) is { } specBytes)
            {
                if (Bytes(specBytes, 1) is { } resource)
                {
                    spec["resourceAttributes"] = Strings(resource, ["namespace", "verb", "group", "version", "resource", "subresource", "name"]);
                }

                if (Bytes(specBytes, 2) is { } nonResource)
                {
                    spec["nonResourceAttributes"] = Strings(nonResource, ["path", "verb"]);
                }
            }

            return new JsonObject { ["spec"] = spec };
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest("the protobuf body could not be decoded: " + e.Message);
        }
    }

    // The string fields numbered 1..names.Length of a message.
    private static JsonObject Strings(ReadOnlyMemory<byte> message, string[] names)
    {
        var result = new JsonObject();
        foreach (var (field, value) in Fields(message))
        {
            if (field >= 1 && field <= names.Length && value is { } bytes)
            {
                result[names[field - 1]] = Encoding.UTF8.GetString(bytes.Span);
            }
        }

        return result;
    }

    // The last length-delimited value of a field (protobuf merges repeated embedded messages; these have one each).
    private static ReadOnlyMemory<byte>? Bytes(ReadOnlyMemory<byte> message, int field)
    {
        ReadOnlyMemory<byte>? found = null;
        foreach (var (number, value) in Fields(message))
        {
            if (number == field && value is not null)
            {
                found = value;
            }
        }

        return found;
    }

    // Every field of a message: its number and, for length-delimited ones, its bytes (null for the other wire types).
    private static List<(int Field, ReadOnlyMemory<byte>? Value)> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<(int, ReadOnlyMemory<byte>?)>();
        var position = 0;
        var span = message.Span;
        while (position < span.Length)
        {
            var key = Varint(span, ref position);
            var field = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    Varint(span, ref position);
                    fields.Add((field, null));
                    break;
                case 1:
                    position += 8;
                    fields.Add((field, null));
                    break;
                case 2:
                    var length = (int)Varint(span, ref position);
                    if (length < 0 || position + length > span.Length)
                    {
                        throw new FormatException("a length runs past the end");
                    }

                    fields.Add((field, message.Slice(position, length)));
                    position += length;
                    break;
                case 5:
                    position += 4;
                    fields.Add((field, null));
                    break;
                default:
                    throw new FormatException($"unknown wire type {key & 7}");
            }
        }

        if (position > span.Length)
        {
            throw new FormatException("a value runs past the end");
        }

        return fields;
    }

    private static ulong Varint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= span.Length)
            {
                throw new FormatException("a varint runs past the end");
            }

            var b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("a varint is too long");
    }
}
