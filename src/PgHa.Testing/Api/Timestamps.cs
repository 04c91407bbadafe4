using System.Globalization;

namespace PgHa.Testing.Api;

/// <summary>Kube's timestamp formats: <c>metav1.Time</c> (RFC 3339, whole seconds, UTC) and <c>metav1.MicroTime</c>.</summary>
internal static class Timestamps
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string FormatMicro(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
