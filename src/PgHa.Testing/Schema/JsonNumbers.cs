using System.Text.Json;
using System.Text.Json.Nodes;
using PgHa.Testing.Go;

namespace PgHa.Testing.Schema;

/// <summary>
/// Reads numbers from <see cref="JsonValue"/>s without allocating, whether they were parsed (backed by a
/// <see cref="JsonElement"/>) or created from CLR values by code that built or patched the tree.
/// </summary>
internal static class JsonNumbers
{
    /// <summary>
    /// The number as a double (what Go's <c>interface{}</c> decoding or kube-openapi sees for non-integers); NaN for
    /// a parsed literal beyond float64's range, so that no range check fires on it.
    /// </summary>
    public static double GetDouble(JsonValue value)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            return element.TryGetDouble(out var parsed) ? parsed : double.NaN;
        }

        return GoValues.ToDouble(value);
    }

    /// <summary>True when the number is integral (kube-openapi accepts <c>1.0</c> and <c>1e2</c> as integers).</summary>
    public static bool IsIntegral(JsonValue value)
    {
        if (GoValues.TryGetInt64(value, out _))
        {
            return true;
        }

        var d = GetDouble(value);
        return !double.IsInfinity(d) && Math.Floor(d) == d;
    }
}
