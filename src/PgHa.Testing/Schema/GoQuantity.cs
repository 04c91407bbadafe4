namespace PgHa.Testing.Schema;

/// <summary>
/// The syntax check of apimachinery's <c>resource.ParseQuantity</c>, with its error messages, for values
/// decoded into a Quantity.
/// </summary>
internal static class GoQuantity
{
    /// <summary><c>resource.ErrFormatWrong</c>.</summary>
    public const string FormatWrong = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    /// <summary><c>resource.ErrSuffix</c>.</summary>
    public const string SuffixWrong = "unable to parse quantity's suffix";

    /// <summary>Null when <paramref name="text"/> parses as a quantity, else the error <c>ParseQuantity</c> returns.</summary>
    public static string? Check(ReadOnlySpan<char> text)
    {
        var str = text.Trim();
        if (str.Length == 0)
        {
            return FormatWrong;
        }

        var pos = 0;
        if (str[0] is '-' or '+')
        {
            pos++;
        }

        pos = SkipDigits(str, pos);
        if (pos < str.Length && str[pos] == '.')
        {
            pos = SkipDigits(str, pos + 1);
        }

        var suffixStart = pos;
        while (pos < str.Length && "eEinumkKMGTP".Contains(str[pos], StringComparison.Ordinal))
        {
            pos++;
        }

        if (pos < str.Length && str[pos] is '-' or '+')
        {
            pos++;
        }

        pos = SkipDigits(str, pos);
        if (pos < str.Length)
        {
            return FormatWrong;
        }

        return IsKnownSuffix(str[suffixStart..]) ? null : SuffixWrong;
    }

    private static int SkipDigits(ReadOnlySpan<char> str, int pos)
    {
        while (pos < str.Length && char.IsAsciiDigit(str[pos]))
        {
            pos++;
        }

        return pos;
    }

    private static bool IsKnownSuffix(ReadOnlySpan<char> suffix)
    {
        switch (suffix)
        {
            case "" or "n" or "u" or "m" or "k" or "M" or "G" or "T" or "P" or "E":
            case "Ki" or "Mi" or "Gi" or "Ti" or "Pi" or "Ei":
                return true;
        }

        // Decimal exponent: e/E followed by an int64.
        return suffix.Length > 1 && suffix[0] is 'e' or 'E' && long.TryParse(suffix[1..], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _);
    }
}
