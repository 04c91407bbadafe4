using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Schema;

/// <summary>
/// Reads a JSON string value's characters into a caller's buffer without allocating a string, for the
/// syntax checks (time, quantity) that run on every write of a built-in object.
/// </summary>
internal static class JsonText
{
    /// <summary>The largest string decoded into the caller's buffer; longer ones are materialised.</summary>
    public const int BufferLength = 128;

    /// <summary>The characters of the string value <paramref name="value"/>, in <paramref name="buffer"/> when it fits.</summary>
    public static ReadOnlySpan<char> Chars(JsonValue value, Span<char> buffer)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            var raw = JsonMarshal.GetRawUtf8Value(element);
            if (raw.Length >= 2 && raw.Length - 2 <= buffer.Length && raw.IndexOf((byte)'\\') < 0)
            {
                var count = Encoding.UTF8.GetChars(raw[1..^1], buffer);
                return buffer[..count];
            }
        }

        return value.GetValue<string>();
    }
}
