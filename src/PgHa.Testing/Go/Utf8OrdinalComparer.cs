namespace PgHa.Testing.Go;

/// <summary>
/// Orders strings as Go compares them (<c>sort.Strings</c>, and the map key order of <c>fmt</c> and <c>encoding/json</c>): by UTF-8 bytes, i.e. by code point, which differs from
/// <see cref="StringComparer.Ordinal"/> only where surrogate pairs meet characters from U+E000 up.
/// </summary>
internal sealed class Utf8OrdinalComparer : IComparer<string>
{
    public static Utf8OrdinalComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a != b)
            {
                return CodePointOrder(a) - CodePointOrder(b);
            }
        }

        return x.Length - y.Length;
    }

    // Surrogates (code points above U+FFFF) move above every other UTF-16 unit.
    private static int CodePointOrder(char c) => c switch
    {
        >= '\uD800' and <= '\uDFFF' => c + 0x2000,
        >= '\uE000' => c - 0x800,
        _ => c,
    };
}
