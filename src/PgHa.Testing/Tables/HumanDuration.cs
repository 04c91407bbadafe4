using System.Globalization;

namespace PgHa.Testing.Tables;

/// <summary>
/// kube's <c>duration.HumanDuration</c> (k8s.io/apimachinery/pkg/util/duration): the AGE text of <c>kubectl get</c>,
/// two or three significant figures (<c>59s</c>, <c>5m2s</c>, <c>10m</c>, <c>3h5m</c>, <c>2d3h</c>, <c>8d</c>, <c>3y45d</c>).
/// </summary>
internal static class HumanDuration
{
    /// <summary>Formats <paramref name="duration"/> exactly as Go's <c>duration.HumanDuration</c> does.</summary>
    public static string Format(TimeSpan duration)
    {
        // Go truncates every unit toward zero, as integer division on ticks does.
        var ticks = duration.Ticks;

        // Go: int(d.Seconds()) truncates toward zero, so anything above -2s counts as "now" to tolerate clock skew.
        var seconds = ticks / TimeSpan.TicksPerSecond;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (ticks < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return Text(seconds, "s");
        }

        var minutes = ticks / TimeSpan.TicksPerMinute;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? Text(minutes, "m") : Text(minutes, "m", s, "s");
        }

        if (minutes < 60 * 3)
        {
            return Text(minutes, "m");
        }

        var hours = ticks / TimeSpan.TicksPerHour;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? Text(hours, "h") : Text(hours, "h", m, "m");
        }

        if (hours < 48)
        {
            return Text(hours, "h");
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? Text(hours / 24, "d") : Text(hours / 24, "d", h, "h");
        }

        if (hours < 24 * 365 * 2)
        {
            return Text(hours / 24, "d");
        }

        if (hours < 24 * 365 * 8)
        {
            var days = hours / 24 % 365;
            return days == 0 ? Text(hours / 24 / 365, "y") : Text(hours / 24 / 365, "y", days, "d");
        }

        return Text(hours / 24 / 365, "y");
    }

    private static string Text(long value, string unit) => value.ToString(CultureInfo.InvariantCulture) + unit;

    private static string Text(long first, string firstUnit, long second, string secondUnit) =>
        string.Concat(Text(first, firstUnit), Text(second, secondUnit));
}
