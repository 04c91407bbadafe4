using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PgHa.Testing.Go;

namespace PgHa.Testing.Patching;

/// <summary>
/// The object or array a JSON pointer's last token addresses, with evanphx/json-patch v4's container operations and
/// error texts (its <c>findObject</c>, <c>partialDoc</c> and <c>partialArray</c>). Operations return an error text or null.
/// </summary>
internal readonly struct JsonPatchContainer
{
    private readonly JsonObject? _map;
    private readonly JsonArray? _list;

    private JsonPatchContainer(JsonObject? map, JsonArray? list)
    {
        _map = map;
        _list = list;
    }

    /// <summary>
    /// findObject: walks every token but the last. Like evanphx, the text before the first <c>/</c> is ignored, and a
    /// pointer with no <c>/</c> addresses nothing.
    /// </summary>
    public static bool TryFind(JsonNode document, string pointer, out JsonPatchContainer container, out string key)
    {
        container = default;
        key = string.Empty;
        var start = pointer.IndexOf('/', StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var current = document;
        while (true)
        {
            var end = pointer.IndexOf('/', start + 1);
            if (end < 0)
            {
                break;
            }

            var token = Unescape(pointer.AsSpan(start + 1, end - start - 1));
            var next = new JsonPatchContainer(current as JsonObject, current as JsonArray).Get(token, out var error);
            if (error is not null || next is not (JsonObject or JsonArray))
            {
                return false;
            }

            current = next;
            start = end;
        }

        key = Unescape(pointer.AsSpan(start + 1));
        container = new JsonPatchContainer(current as JsonObject, current as JsonArray);
        return true;
    }

    /// <summary>The value at <paramref name="key"/>: a missing object member reads as null without error, as in evanphx.</summary>
    public JsonNode? Get(string key, out string? error)
    {
        error = null;
        if (_map is not null)
        {
            return _map.TryGetPropertyValue(key, out var value) ? value : null;
        }

        var index = ParseIndex(key, out error);
        if (error is not null)
        {
            return null;
        }

        var count = _list!.Count;
        if (index < 0)
        {
            if (index < -count)
            {
                error = InvalidIndex(index);
                return null;
            }

            index += count;
        }

        if (index >= count)
        {
            error = InvalidIndex(index);
            return null;
        }

        return _list[(int)index];
    }

    /// <summary>Adds or overwrites a member, or inserts into the array (<c>-</c> appends, negative counts from the end).</summary>
    public string? Add(string key, JsonNode? value)
    {
        if (_map is not null)
        {
            _map[key] = value;
            return null;
        }

        if (string.Equals(key, "-", StringComparison.Ordinal))
        {
            _list!.Add(value);
            return null;
        }

        var index = ParseIndex(key, out var error);
        if (error is not null)
        {
            return "value was not a proper array index: '" + key + "': " + error;
        }

        long size = _list!.Count + 1;
        if (index >= size)
        {
            return InvalidIndex(index);
        }

        if (index < 0)
        {
            if (index < -size)
            {
                return InvalidIndex(index);
            }

            index += size;
        }

        _list.Insert((int)index, value);
        return null;
    }

    /// <summary>Sets an existing array slot or any object member (evanphx does not require the member to exist).</summary>
    public string? Set(string key, JsonNode? value)
    {
        if (_map is not null)
        {
            _map[key] = value;
            return null;
        }

        var index = ParseIndex(key, out var error);
        if (error is not null)
        {
            return error;
        }

        if (index < 0)
        {
            if (index < -_list!.Count)
            {
                return InvalidIndex(index);
            }

            index += _list.Count;
        }

        _list![(int)index] = value;
        return null;
    }

    public string? Remove(string key)
    {
        if (_map is not null)
        {
            return _map.Remove(key) ? null : "Unable to remove nonexistent key: " + key + ": missing value";
        }

        var index = ParseIndex(key, out var error);
        if (error is not null)
        {
            return error;
        }

        var count = _list!.Count;
        if (index >= count)
        {
            return InvalidIndex(index);
        }

        if (index < 0)
        {
            if (index < -count)
            {
                return InvalidIndex(index);
            }

            index += count;
        }

        _list.RemoveAt((int)index);
        return null;
    }

    private static string InvalidIndex(long index) =>
        "Unable to access invalid index: " + index.ToString(CultureInfo.InvariantCulture) + ": invalid index referenced";

    // Go's strconv.Atoi: optional sign, decimal digits, int64 range.
    private static long ParseIndex(string text, out string? error)
    {
        error = null;
        var span = text.AsSpan();
        var negative = false;
        if (span.Length > 0 && (span[0] == '+' || span[0] == '-'))
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        if (span.Length == 0)
        {
            error = "strconv.Atoi: parsing " + GoStrings.Quote(text) + ": invalid syntax";
            return 0;
        }

        ulong magnitude = 0;
        var overflow = false;
        foreach (var c in span)
        {
            if (c < '0' || c > '9')
            {
                error = "strconv.Atoi: parsing " + GoStrings.Quote(text) + ": invalid syntax";
                return 0;
            }

            if (magnitude > (ulong.MaxValue - 9) / 10)
            {
                overflow = true;
            }
            else
            {
                magnitude = (magnitude * 10) + (ulong)(c - '0');
            }
        }

        if (overflow || magnitude > (negative ? (ulong)long.MaxValue + 1 : long.MaxValue))
        {
            error = "strconv.Atoi: parsing " + GoStrings.Quote(text) + ": value out of range";
            return 0;
        }

        return negative ? (long)(0 - magnitude) : (long)magnitude;
    }

    // RFC 6901: "~1" is "/", then "~0" is "~", in one left-to-right pass.
    private static string Unescape(ReadOnlySpan<char> token)
    {
        if (token.IndexOf('~') < 0)
        {
            return token.ToString();
        }

        var builder = new StringBuilder(token.Length);
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] == '~' && i + 1 < token.Length && (token[i + 1] == '0' || token[i + 1] == '1'))
            {
                builder.Append(token[i + 1] == '0' ? '~' : '/');
                i++;
            }
            else
            {
                builder.Append(token[i]);
            }
        }

        return builder.ToString();
    }
}
