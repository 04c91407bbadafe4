using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Schema;

/// <summary>
/// Reads numbers from <see cref="JsonValue"/>s without allocating, whether they were parsed (backed by a
/// <see cref="JsonElement"/>) or created from CLR values by code that built or patched the tree.
/// </summary>
internal static class JsonNumbers
{
    /// <summary>
    /// True when the number's literal is an integer that fits int64, as Go's <c>strconv.ParseInt</c> needs
    /// (so <c>1.0</c> and <c>1e2</c> are not).
    /// </summary>
    public static bool TryGetInt64(JsonValue value, out long result)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            return element.TryGetInt64(out result);
        }

        if (value.TryGetValue(out long l))
        {
            result = l;
            return true;
        }

        if (value.TryGetValue(out int i))
        {
            result = i;
            return true;
        }

        if (value.TryGetValue(out short s))
        {
            result = s;
            return true;
        }

        if (value.TryGetValue(out byte b))
        {
            result = b;
            return true;
        }

        if (value.TryGetValue(out uint u))
        {
            result = u;
            return true;
        }

        if (value.TryGetValue(out ulong ul) && ul <= long.MaxValue)
        {
            result = (long)ul;
            return true;
        }

        // A CLR double serialises without a fraction when integral ("1"), which Go would then accept.
        var d = GetDouble(value);
        if (Math.Floor(d) == d && d >= long.MinValue && d < 9.2233720368547758E+18)
        {
            result = (long)d;
            return true;
        }

        result = 0;
        return false;
    }

    /// <summary>The number as a double (what Go's <c>interface{}</c> decoding or kube-openapi sees for non-integers).</summary>
    public static double GetDouble(JsonValue value)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            return element.TryGetDouble(out var parsed) ? parsed : double.NaN;
        }

        if (value.TryGetValue(out double d))
        {
            return d;
        }

        if (value.TryGetValue(out float f))
        {
            return f;
        }

        if (value.TryGetValue(out decimal m))
        {
            return (double)m;
        }

        return double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>True when the number is integral (kube-openapi accepts <c>1.0</c> and <c>1e2</c> as integers).</summary>
    public static bool IsIntegral(JsonValue value)
    {
        if (TryGetInt64(value, out _))
        {
            return true;
        }

        var d = GetDouble(value);
        return !double.IsInfinity(d) && Math.Floor(d) == d;
    }
}
