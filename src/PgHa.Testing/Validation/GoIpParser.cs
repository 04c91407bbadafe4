namespace PgHa.Testing.Validation;

/// <summary>
/// Parses IP addresses the way kube's <c>netutils.ParseIPSloppy</c> does (Go 1.16's <c>net.ParseIP</c>),
/// and notes what the stricter <c>netip.ParseAddr</c> would reject, which is what kube's strict checks use.
/// </summary>
/// <remarks>
/// Written by hand rather than with <see cref="System.Net.IPAddress.TryParse(string?, out System.Net.IPAddress?)"/>,
/// which accepts forms kube rejects (<c>1</c>, <c>1.2</c>, <c>0x7f.1</c>, zones).
/// </remarks>
internal static class GoIpParser
{
    private const int Big = 0xFFFFFF;

    /// <summary>A parsed address: 16 bytes, IPv4 held as <c>::ffff:a.b.c.d</c> as Go's <c>net.IP</c> does.</summary>
    /// <param name="Bytes">The 16 bytes.</param>
    /// <param name="WrittenAsIPv4">True when the text was dotted IPv4 (not IPv6 text).</param>
    /// <param name="HasLeadingZeros">
    /// True when <c>netip.ParseAddr</c> would reject what the sloppy parser accepted: an IPv4 octet with a
    /// leading zero, or an IPv6 group of more than four hex digits.
    /// </param>
    internal readonly record struct ParsedIp(byte[] Bytes, bool WrittenAsIPv4, bool HasLeadingZeros)
    {
        /// <summary>Go's <c>To4() != nil</c>: dotted IPv4, or an IPv4-mapped IPv6 address.</summary>
        public bool IsIPv4 => IsV4Mapped(Bytes);

        /// <summary><c>netip.Addr.Is4In6</c>: IPv6 text that holds an IPv4-mapped address.</summary>
        public bool IsIPv4MappedIPv6 => !WrittenAsIPv4 && IsV4Mapped(Bytes);
    }

    public static bool TryParse(string text, out ParsedIp parsed)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (c == '.')
            {
                var bytes = new byte[16];
                bytes[10] = 0xFF;
                bytes[11] = 0xFF;
                var leadingZeros = false;
                if (ParseIPv4(text, bytes.AsSpan(12), ref leadingZeros))
                {
                    parsed = new ParsedIp(bytes, WrittenAsIPv4: true, leadingZeros);
                    return true;
                }

                break;
            }

            if (c == ':')
            {
                var bytes = new byte[16];
                var leadingZeros = false;
                if (ParseIPv6(text, bytes, ref leadingZeros))
                {
                    parsed = new ParsedIp(bytes, WrittenAsIPv4: false, leadingZeros);
                    return true;
                }

                break;
            }
        }

        parsed = default;
        return false;
    }

    private static bool IsV4Mapped(byte[] bytes)
    {
        for (var i = 0; i < 10; i++)
        {
            if (bytes[i] != 0)
            {
                return false;
            }
        }

        return bytes[10] == 0xFF && bytes[11] == 0xFF;
    }

    private static bool ParseIPv4(ReadOnlySpan<char> s, Span<byte> into, ref bool leadingZeros)
    {
        for (var i = 0; i < 4; i++)
        {
            if (s.IsEmpty)
            {
                return false;
            }

            if (i > 0)
            {
                if (s[0] != '.')
                {
                    return false;
                }

                s = s[1..];
            }

            if (!DecimalToInt(s, out var n, out var consumed) || n > 0xFF)
            {
                return false;
            }

            leadingZeros |= consumed > 1 && s[0] == '0';
            into[i] = (byte)n;
            s = s[consumed..];
        }

        return s.IsEmpty;
    }

    private static bool ParseIPv6(ReadOnlySpan<char> s, Span<byte> ip, ref bool leadingZeros)
    {
        var ellipsis = -1;
        if (s.Length >= 2 && s[0] == ':' && s[1] == ':')
        {
            ellipsis = 0;
            s = s[2..];
            if (s.IsEmpty)
            {
                return true;
            }
        }

        var i = 0;
        while (i < 16)
        {
            if (!HexToInt(s, out var n, out var consumed) || n > 0xFFFF)
            {
                return false;
            }

            if (consumed < s.Length && s[consumed] == '.')
            {
                // An embedded IPv4 address takes the last four bytes.
                if ((ellipsis < 0 && i != 12) || i + 4 > 16)
                {
                    return false;
                }

                if (!ParseIPv4(s, ip.Slice(i, 4), ref leadingZeros))
                {
                    return false;
                }

                s = [];
                i += 4;
                break;
            }

            leadingZeros |= consumed > 4;
            ip[i] = (byte)(n >> 8);
            ip[i + 1] = (byte)n;
            i += 2;
            s = s[consumed..];
            if (s.IsEmpty)
            {
                break;
            }

            if (s[0] != ':' || s.Length == 1)
            {
                return false;
            }

            s = s[1..];
            if (s[0] == ':')
            {
                if (ellipsis >= 0)
                {
                    return false;
                }

                ellipsis = i;
                s = s[1..];
                if (s.IsEmpty)
                {
                    break;
                }
            }
        }

        if (!s.IsEmpty)
        {
            return false;
        }

        if (i < 16)
        {
            if (ellipsis < 0)
            {
                return false;
            }

            var shift = 16 - i;
            for (var j = i - 1; j >= ellipsis; j--)
            {
                ip[j + shift] = ip[j];
            }

            for (var j = ellipsis + shift - 1; j >= ellipsis; j--)
            {
                ip[j] = 0;
            }
        }
        else if (ellipsis >= 0)
        {
            // "::" must stand for at least one group of zeros.
            return false;
        }

        return true;
    }

    private static bool DecimalToInt(ReadOnlySpan<char> s, out int n, out int consumed)
    {
        n = 0;
        consumed = 0;
        while (consumed < s.Length && s[consumed] is >= '0' and <= '9')
        {
            n = (n * 10) + (s[consumed] - '0');
            if (n >= Big)
            {
                return false;
            }

            consumed++;
        }

        return consumed > 0;
    }

    private static bool HexToInt(ReadOnlySpan<char> s, out int n, out int consumed)
    {
        n = 0;
        consumed = 0;
        while (consumed < s.Length)
        {
            var c = s[consumed];
            int digit;
            if (c is >= '0' and <= '9')
            {
                digit = c - '0';
            }
            else if (c is >= 'a' and <= 'f')
            {
                digit = c - 'a' + 10;
            }
            else if (c is >= 'A' and <= 'F')
            {
                digit = c - 'A' + 10;
            }
            else
            {
                break;
            }

            n = (n * 16) + digit;
            if (n >= Big)
            {
                return false;
            }

            consumed++;
        }

        return consumed > 0;
    }
}
