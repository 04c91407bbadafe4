using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>
/// Reads <c>metav1.Time</c>/<c>MicroTime</c> values the way kube decodes them (Go's <c>time.Parse(time.RFC3339, ...)</c>,
/// which also accepts a fractional second) and renders them as kube's printers do.
/// </summary>
internal static class KubeTime
{
    /// <summary>What the printers show for an unset timestamp (<c>translateTimestampSince</c> of a zero time).</summary>
    public const string Unknown = "<unknown>";

    /// <summary>
    /// Parses <c>YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)</c>. Returns false for anything Go's RFC3339 layout rejects.
    /// </summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        var s = text.AsSpan();
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!TryDigits(s.Slice(0, 4), out var year) || !TryDigits(s.Slice(5, 2), out var month) ||
            !TryDigits(s.Slice(8, 2), out var day) || !TryDigits(s.Slice(11, 2), out var hour) ||
            !TryDigits(s.Slice(14, 2), out var minute) || !TryDigits(s.Slice(17, 2), out var second))
        {
            return false;
        }

        var i = 19;
        long fractionTicks = 0;
        if (s[i] == '.' || s[i] == ',')
        {
            i++;
            var start = i;
            long scale = TimeSpan.TicksPerSecond;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                // Digits below the 100 ns tick are dropped, as they cannot change any printed duration.
                scale /= 10;
                fractionTicks += (s[i] - '0') * scale;
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (!TryOffset(s.Slice(i), out var offset) || month is < 1 or > 12 || hour > 23 || minute > 59 || second > 59 ||
            day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month))
        {
            return false;
        }

        try
        {
            value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fractionTicks);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            // Year 0 or an offset pushing the instant outside DateTimeOffset's range: Go could hold it, nothing we print can.
            return false;
        }
    }

    /// <summary>
    /// Reads a timestamp field of <paramref name="parent"/>; null when it is absent, null, empty, unparsable or Go's zero time
    /// (all of which kube's typed decode turns into a zero <c>metav1.Time</c> or rejects).
    /// </summary>
    public static DateTimeOffset? Read(JsonObject? parent, string name)
    {
        var text = TableJson.GetString(parent, name);
        if (string.IsNullOrEmpty(text) || !TryParse(text, out var value) || IsZero(value))
        {
            return null;
        }

        return value;
    }

    /// <summary>Go's <c>Time.IsZero</c>: January 1, year 1, 00:00:00 UTC.</summary>
    public static bool IsZero(DateTimeOffset value) => value.UtcTicks == 0;

    /// <summary>kube's <c>translateTimestampSince</c>: the age of <paramref name="timestamp"/>, or <c>&lt;unknown&gt;</c> when unset.</summary>
    public static string Since(DateTimeOffset? timestamp, DateTimeOffset now) =>
        timestamp is { } t ? HumanDuration.Format(now - t) : Unknown;

    /// <summary>Go's <c>t.UTC().Format(time.RFC3339)</c>: whole seconds, <c>Z</c>.</summary>
    public static string FormatRfc3339(DateTimeOffset? timestamp) =>
        (timestamp ?? DateTimeOffset.MinValue).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static bool TryOffset(ReadOnlySpan<char> s, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (s.Length == 1 && s[0] == 'Z')
        {
            return true;
        }

        if (s.Length != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' ||
            !TryDigits(s.Slice(1, 2), out var hours) || !TryDigits(s.Slice(4, 2), out var minutes) || hours > 23 || minutes > 59)
        {
            return false;
        }

        offset = new TimeSpan(hours, minutes, 0);
        if (s[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
