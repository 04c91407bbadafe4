namespace PgHa.Testing.Validation;

/// <summary>
/// Kube's IP address checks for Endpoints and EndpointSlice addresses (k8s.io/apimachinery/pkg/util/validation/ip.go
/// and <c>ValidateEndpointIP</c>). Each returns kube's messages; an empty list means valid.
/// </summary>
/// <remarks>
/// <para>
/// <c>strict</c> is kube's <c>StrictIPCIDRValidation</c> (KEP-4858: alpha and off in 1.33, since promoted
/// to beta and GA): IPv4 octets with leading zeros (<c>010.1.2.3</c>, which some software reads as octal)
/// and IPv4-mapped IPv6 (<c>::ffff:1.2.3.4</c>) are rejected. Without it (kube 1.32) both are accepted, as
/// Go 1.16's parser did. Non-canonical IPv6 (<c>2001:DB8::1</c>) is accepted either way for these legacy fields.
/// </para>
/// <para>
/// Kube 1.32 phrased the family check as <c>must be a valid IPv4 address</c> and always added
/// <see cref="ValidateEndpointIP"/>'s messages; these follow the current shape (family checked, special
/// ranges checked, only once the address parses).
/// </para>
/// </remarks>
internal static class IpValidation
{
    public const string InvalidIPMessage = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
    public const string LeadingZerosMessage = "must not have leading 0s";
    public const string IPv4MappedMessage = "must not be an IPv4-mapped IPv6 address";
    public const string NotIPv4Message = "must be an IPv4 address";
    public const string NotIPv6Message = "must be an IPv6 address";

    /// <summary>Kube's <c>IsValidIPForLegacyField</c> (without the old-value ratchet).</summary>
    public static IReadOnlyList<string> IsValidIP(string value, bool strict = true) => Check(value, strict, out _);

    /// <summary>An IPv4 address (an EndpointSlice of <c>addressType: IPv4</c>).</summary>
    public static IReadOnlyList<string> IsValidIPv4(string value, bool strict = true)
    {
        var errors = Check(value, strict, out var parsed);
        if (errors.Count == 0 && !parsed.IsIPv4)
        {
            return [NotIPv4Message];
        }

        return errors;
    }

    /// <summary>An IPv6 address (an EndpointSlice of <c>addressType: IPv6</c>).</summary>
    public static IReadOnlyList<string> IsValidIPv6(string value, bool strict = true)
    {
        var errors = Check(value, strict, out var parsed);
        if (errors.Count == 0 && parsed.IsIPv4)
        {
            return [NotIPv6Message];
        }

        return errors;
    }

    /// <summary>
    /// Kube's <c>ValidateEndpointIP</c>: addresses that make no sense as a Service backend. Note that real kube
    /// rejects loopback addresses here: a demo that routes to <c>127.0.0.x</c> must not apply this check.
    /// </summary>
    public static IReadOnlyList<string> ValidateEndpointIP(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!GoIpParser.TryParse(value, out var parsed))
        {
            return ["must be a valid IP address"];
        }

        List<string>? errors = null;
        var ip = parsed.Bytes;
        var v4 = parsed.IsIPv4;
        if (IsUnspecified(ip))
        {
            NameValidation.Add(ref errors, "may not be unspecified (" + value + ")");
        }

        if (v4 ? ip[12] == 127 : IsIPv6Loopback(ip))
        {
            NameValidation.Add(ref errors, "may not be in the loopback range (127.0.0.0/8, ::1/128)");
        }

        if (v4 ? ip[12] == 169 && ip[13] == 254 : ip[0] == 0xFE && (ip[1] & 0xC0) == 0x80)
        {
            NameValidation.Add(ref errors, "may not be in the link-local range (169.254.0.0/16, fe80::/10)");
        }

        if (v4 ? ip[12] == 224 && ip[13] == 0 && ip[14] == 0 : ip[0] == 0xFF && (ip[1] & 0x0F) == 0x02)
        {
            NameValidation.Add(ref errors, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    /// <summary>
    /// An EndpointSlice address of an IP family: the family's format check, then (only if it parsed)
    /// <see cref="ValidateEndpointIP"/>.
    /// </summary>
    /// <param name="value">The address.</param>
    /// <param name="ipv6">False for <c>addressType: IPv4</c>, true for <c>IPv6</c>.</param>
    /// <param name="strict">Kube's <c>StrictIPCIDRValidation</c>.</param>
    public static IReadOnlyList<string> ValidateEndpointSliceAddress(string value, bool ipv6, bool strict = true)
    {
        var errors = ipv6 ? IsValidIPv6(value, strict) : IsValidIPv4(value, strict);
        return errors.Count != 0 ? errors : ValidateEndpointIP(value);
    }

    private static IReadOnlyList<string> Check(string value, bool strict, out GoIpParser.ParsedIp parsed)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!GoIpParser.TryParse(value, out parsed))
        {
            return [InvalidIPMessage];
        }

        if (strict)
        {
            if (parsed.HasLeadingZeros)
            {
                return [LeadingZerosMessage];
            }

            if (parsed.IsIPv4MappedIPv6)
            {
                return [IPv4MappedMessage];
            }
        }

        return [];
    }

    // Go's IP.IsUnspecified: 0.0.0.0 (as ::ffff:0.0.0.0 too) or ::.
    private static bool IsUnspecified(byte[] ip)
    {
        for (var i = 0; i < 10; i++)
        {
            if (ip[i] != 0)
            {
                return false;
            }
        }

        var mapped = ip[10] == 0xFF && ip[11] == 0xFF;
        var zeroPrefix = ip[10] == 0 && ip[11] == 0;
        return (mapped || zeroPrefix) && ip[12] == 0 && ip[13] == 0 && ip[14] == 0 && ip[15] == 0;
    }

    private static bool IsIPv6Loopback(byte[] ip)
    {
        for (var i = 0; i < 15; i++)
        {
            if (ip[i] != 0)
            {
                return false;
            }
        }

        return ip[15] == 1;
    }
}
