namespace PgHa.Testing.Resources;

/// <summary>
/// Orders API versions by kube's priority (k8s.io/apimachinery/pkg/version.CompareKubeAwareVersionStrings):
/// GA before beta before alpha, higher numbers first, anything not kube-shaped last in lexical order.
/// </summary>
internal sealed class KubeVersionComparer : IComparer<string>
{
    public static readonly KubeVersionComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        var a = Parse(x ?? string.Empty);
        var b = Parse(y ?? string.Empty);
        if (a.Valid != b.Valid)
        {
            return a.Valid ? -1 : 1;
        }

        if (!a.Valid)
        {
            return string.CompareOrdinal(x, y);
        }

        if (a.Stability != b.Stability)
        {
            return a.Stability.CompareTo(b.Stability);
        }

        if (a.Major != b.Major)
        {
            return b.Major.CompareTo(a.Major);
        }

        return b.Minor.CompareTo(a.Minor);
    }

    // Stability: 0 = GA, 1 = beta, 2 = alpha.
    private static (bool Valid, int Major, int Stability, int Minor) Parse(string version)
    {
        if (version.Length < 2 || version[0] != 'v')
        {
            return default;
        }

        var i = 1;
        var major = 0;
        while (i < version.Length && char.IsAsciiDigit(version[i]))
        {
            major = (major * 10) + (version[i] - '0');
            i++;
        }

        if (i == 1)
        {
            return default;
        }

        if (i == version.Length)
        {
            return (true, major, 0, 0);
        }

        var rest = version[i..];
        int stability;
        if (rest.StartsWith("beta", StringComparison.Ordinal))
        {
            stability = 1;
            rest = rest[4..];
        }
        else if (rest.StartsWith("alpha", StringComparison.Ordinal))
        {
            stability = 2;
            rest = rest[5..];
        }
        else
        {
            return default;
        }

        return rest.Length > 0 && rest.All(char.IsAsciiDigit) && int.TryParse(rest, out var minor)
            ? (true, major, stability, minor)
            : default;
    }
}
