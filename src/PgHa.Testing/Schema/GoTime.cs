using PgHa.Testing.Go;

namespace PgHa.Testing.Schema;

/// <summary>
/// Go's <c>time.Parse</c> for the two layouts metav1.Time and metav1.MicroTime decode with, returning
/// the same <c>*time.ParseError</c> messages (<c>parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot
/// parse "x" as "2006"</c>, <c>...: month out of range</c>, <c>...: extra text: "..."</c>).
/// </summary>
/// <remarks>
/// The layouts are fixed, so this walks their chunks (<c>2006 - 01 - 02 T 15 : 04 : 05 [.000000] Z07:00</c>)
/// with the rules Go's general parser applies to each, in the same order.
/// </remarks>
internal static class GoTime
{
    public const string Rfc3339 = "2006-01-02T15:04:05Z07:00";
    public const string Rfc3339Micro = "2006-01-02T15:04:05.000000Z07:00";

    private enum Chunk
    {
        Year,
        Month,
        Day,
        Hour,
        Minute,
        Second,
        Micros,
        Zone,
    }

    // (literal prefix before the chunk, the chunk, the chunk's layout text)
    private static readonly (string Prefix, Chunk Chunk, string Text)[] Layout =
    [
        ("", Chunk.Year, "2006"), ("-", Chunk.Month, "01"), ("-", Chunk.Day, "02"), ("T", Chunk.Hour, "15"),
        (":", Chunk.Minute, "04"), (":", Chunk.Second, "05"), ("", Chunk.Micros, ".000000"), ("", Chunk.Zone, "Z07:00"),
    ];

    /// <summary>Null when <paramref name="input"/> parses with the layout, else Go's error text.</summary>
    public static string? Check(ReadOnlySpan<char> input, bool micro)
    {
        var layout = micro ? Rfc3339Micro : Rfc3339;
        var rest = input;
        int year = 0, month = 0, day = 0;
        foreach (var (prefix, chunk, text) in Layout)
        {
            if (chunk == Chunk.Micros && !micro)
            {
                continue;
            }

            if (prefix.Length > 0)
            {
                if (rest.Length == 0 || rest[0] != prefix[0])
                {
                    return CannotParse(input, layout, rest, prefix);
                }

                rest = rest[1..];
            }

            var hold = rest;
            string? range = null;
            var bad = false;
            switch (chunk)
            {
                case Chunk.Year:
                    bad = rest.Length < 4 || !TryDigits(rest[..4], out year);
                    rest = bad ? rest : rest[4..];
                    break;
                case Chunk.Month:
                    bad = !TryNumber(ref rest, fixedWidth: true, out month);
                    range = !bad && month is < 1 or > 12 ? "month" : null;
                    break;
                case Chunk.Day:
                    bad = !TryNumber(ref rest, fixedWidth: true, out day);
                    break;
                case Chunk.Hour:
                    bad = !TryNumber(ref rest, fixedWidth: false, out var hour);
                    range = !bad && hour > 23 ? "hour" : null;
                    break;
                case Chunk.Minute:
                    bad = !TryNumber(ref rest, fixedWidth: true, out var minute);
                    range = !bad && minute > 59 ? "minute" : null;
                    break;
                case Chunk.Second:
                    bad = !TryNumber(ref rest, fixedWidth: true, out var second);
                    range = !bad && second > 59 ? "second" : null;
                    if (!bad && !micro && rest.Length >= 2 && rest[0] is '.' or ',' && char.IsAsciiDigit(rest[1]))
                    {
                        // Go accepts a fractional second the layout does not mention.
                        var n = 2;
                        while (n < rest.Length && char.IsAsciiDigit(rest[n]))
                        {
                            n++;
                        }

                        rest = rest[n..];
                    }

                    break;
                case Chunk.Micros:
                    bad = rest.Length < 7 || rest[0] is not ('.' or ',') || !TryDigits(rest[1..7], out _);
                    rest = bad ? rest : rest[7..];
                    break;
                case Chunk.Zone:
                    bad = !TryZone(ref rest, out range);
                    break;
            }

            if (range is not null)
            {
                return "parsing time " + GoStrings.Quote(input.ToString()) + ": " + range + " out of range";
            }

            if (bad)
            {
                return CannotParse(input, layout, hold, text);
            }
        }

        if (rest.Length > 0)
        {
            return "parsing time " + GoStrings.Quote(input.ToString()) + ": extra text: " + GoStrings.Quote(rest.ToString());
        }

        if (day < 1 || day > DaysIn(month, year))
        {
            return "parsing time " + GoStrings.Quote(input.ToString()) + ": day out of range";
        }

        return null;
    }

    private static string CannotParse(ReadOnlySpan<char> input, string layout, ReadOnlySpan<char> rest, string element) =>
        "parsing time " + GoStrings.Quote(input.ToString()) + " as " + GoStrings.Quote(layout) + ": cannot parse "
        + GoStrings.Quote(rest.ToString()) + " as " + GoStrings.Quote(element);

    // Go's getnum: one or two digits (exactly two when fixed).
    private static bool TryNumber(ref ReadOnlySpan<char> rest, bool fixedWidth, out int number)
    {
        number = 0;
        if (rest.Length == 0 || !char.IsAsciiDigit(rest[0]))
        {
            return false;
        }

        if (rest.Length < 2 || !char.IsAsciiDigit(rest[1]))
        {
            if (fixedWidth)
            {
                return false;
            }

            number = rest[0] - '0';
            rest = rest[1..];
            return true;
        }

        number = ((rest[0] - '0') * 10) + (rest[1] - '0');
        rest = rest[2..];
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int number)
    {
        number = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            number = (number * 10) + (c - '0');
        }

        return true;
    }

    // Z07:00: "Z", or a sign, two hour digits, ':' and two minute digits.
    private static bool TryZone(ref ReadOnlySpan<char> rest, out string? range)
    {
        range = null;
        if (rest.Length >= 1 && rest[0] == 'Z')
        {
            rest = rest[1..];
            return true;
        }

        if (rest.Length < 6 || rest[3] != ':' || rest[0] is not ('+' or '-')
            || !TryDigits(rest[1..3], out var hours) || !TryDigits(rest[4..6], out var minutes))
        {
            return false;
        }

        // Go compares with > rather than >=: offsets of 24 hours or 60 minutes pass.
        range = hours > 24 ? "time zone offset hour" : minutes > 60 ? "time zone offset minute" : null;
        rest = rest[6..];
        return true;
    }

    private static int DaysIn(int month, int year) => month switch
    {
        2 => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };
}
