using System.Text;

namespace PgHa.Testing.Validation;

/// <summary>
/// Kube's DNS name checks (k8s.io/apimachinery/pkg/util/validation, Kubernetes v1.32): each returns the
/// messages kube gives, in kube's order, and an empty list for a valid value.
/// </summary>
/// <remarks>
/// Hand-written scanners replace kube's regular expressions (the accepted language is the same). Lengths
/// are counted in UTF-8 bytes, as Go's <c>len</c> does, so a non-ASCII value reports the same length error.
/// </remarks>
internal static class NameValidation
{
    public const int Dns1123LabelMaxLength = 63;
    public const int Dns1123SubdomainMaxLength = 253;
    public const int Dns1035LabelMaxLength = 63;

    public const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    public const string Dns1123SubdomainFormat = Dns1123LabelFormat + "(\\." + Dns1123LabelFormat + ")*";
    public const string Dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?";

    public const string Dns1123LabelErrorMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";

    public const string Dns1123SubdomainErrorMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

    public const string Dns1035LabelErrorMessage =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

    /// <summary>Object names of most kinds (Pods, Endpoints, EndpointSlices, ConfigMaps, Leases, custom resources).</summary>
    public static IReadOnlyList<string> IsDns1123Subdomain(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        List<string>? errors = null;
        if (ByteLength(value) > Dns1123SubdomainMaxLength)
        {
            Add(ref errors, MaxLengthError(Dns1123SubdomainMaxLength));
        }

        if (!MatchesDns1123Subdomain(value))
        {
            Add(ref errors, RegexError(Dns1123SubdomainErrorMessage, Dns1123SubdomainFormat, "example.com"));
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Namespace names, port names and hostnames.</summary>
    public static IReadOnlyList<string> IsDns1123Label(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        List<string>? errors = null;
        if (ByteLength(value) > Dns1123LabelMaxLength)
        {
            Add(ref errors, MaxLengthError(Dns1123LabelMaxLength));
        }

        if (!MatchesDns1123Label(value))
        {
            // A valid subdomain that is not a valid label can only be failing on its dots (length was checked above).
            Add(ref errors, MatchesDns1123Subdomain(value)
                ? "must not contain dots"
                : RegexError(Dns1123LabelErrorMessage, Dns1123LabelFormat, "my-name", "123-abc"));
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Service names: must start with a letter, unlike a DNS-1123 label.</summary>
    public static IReadOnlyList<string> IsDns1035Label(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        List<string>? errors = null;
        if (ByteLength(value) > Dns1035LabelMaxLength)
        {
            Add(ref errors, MaxLengthError(Dns1035LabelMaxLength));
        }

        if (!MatchesDns1035Label(value))
        {
            Add(ref errors, RegexError(Dns1035LabelErrorMessage, Dns1035LabelFormat, "my-name", "abc-123"));
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    /// <summary>
    /// Kube's <c>ValidateNameFunc</c>: checks <paramref name="name"/> by <paramref name="rule"/>. With
    /// <paramref name="prefix"/> (a <c>generateName</c>) a trailing dash is allowed, because random
    /// characters will follow it.
    /// </summary>
    public static IReadOnlyList<string> ValidateName(string name, NameRule rule, bool prefix)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (rule == NameRule.PathSegment)
        {
            return prefix ? IsValidPathSegmentPrefix(name) : IsValidPathSegmentName(name);
        }

        if (prefix)
        {
            name = MaskTrailingDash(name);
        }

        return rule switch
        {
            NameRule.Dns1123Subdomain => IsDns1123Subdomain(name),
            NameRule.Dns1123Label => IsDns1123Label(name),
            NameRule.Dns1035Label => IsDns1035Label(name),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "Unknown name rule."),
        };
    }

    /// <summary>
    /// Kube's <c>maskTrailingDash</c>, quirk included: it replaces the last <em>two</em> characters of a
    /// name ending in a dash with a single <c>a</c>, so <c>abc-</c> is checked as <c>aba</c>.
    /// </summary>
    public static string MaskTrailingDash(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > 1 && name[^1] == '-')
        {
            return string.Concat(name.AsSpan(0, name.Length - 2), "a");
        }

        return name;
    }

    /// <summary>Names in URL path segments (kube's <c>IsValidPathSegmentName</c>): every kind's names.</summary>
    public static IReadOnlyList<string> IsValidPathSegmentName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name is "." or "..")
        {
            return ["may not be '" + name + "'"];
        }

        return IsValidPathSegmentPrefix(name);
    }

    /// <summary>Kube's <c>IsValidPathSegmentPrefix</c>, for a <c>generateName</c>.</summary>
    public static IReadOnlyList<string> IsValidPathSegmentPrefix(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        List<string>? errors = null;
        if (name.Contains('/', StringComparison.Ordinal))
        {
            Add(ref errors, "may not contain '/'");
        }

        if (name.Contains('%', StringComparison.Ordinal))
        {
            Add(ref errors, "may not contain '%'");
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    public static string MaxLengthError(int length) => "must be no more than " + length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " characters";

    public static string EmptyError() => "must be non-empty";

    /// <summary>Kube's <c>RegexError</c>: the explanation, examples and the regex kube would have used.</summary>
    public static string RegexError(string message, string format, params string[] examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Length == 0)
        {
            return message + " (regex used for validation is '" + format + "')";
        }

        var builder = new StringBuilder(message).Append(" (e.g. ");
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(" or ");
            }

            builder.Append('\'').Append(examples[i]).Append("', ");
        }

        return builder.Append("regex used for validation is '").Append(format).Append("')").ToString();
    }

    /// <summary>Length as Go's <c>len</c> counts it: UTF-8 bytes.</summary>
    public static int ByteLength(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in value)
        {
            if (c >= 0x80)
            {
                return Encoding.UTF8.GetByteCount(value);
            }
        }

        return value.Length;
    }

    public static bool MatchesDns1123Label(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || !IsLowerAlphanumeric(value[0]) || !IsLowerAlphanumeric(value[^1]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!IsLowerAlphanumeric(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    public static bool MatchesDns1123Subdomain(ReadOnlySpan<char> value)
    {
        while (true)
        {
            var dot = value.IndexOf('.');
            if (dot < 0)
            {
                return MatchesDns1123Label(value);
            }

            if (!MatchesDns1123Label(value[..dot]))
            {
                return false;
            }

            value = value[(dot + 1)..];
        }
    }

    public static bool MatchesDns1035Label(ReadOnlySpan<char> value) =>
        !value.IsEmpty && value[0] is >= 'a' and <= 'z' && MatchesDns1123Label(value);

    internal static void Add(ref List<string>? errors, string message) => (errors ??= []).Add(message);

    private static bool IsLowerAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
