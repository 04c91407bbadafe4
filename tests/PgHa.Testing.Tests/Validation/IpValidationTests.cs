using PgHa.Testing.Validation;

namespace PgHa.Testing.Tests.Validation;

public sealed class IpValidationTests
{
    private const string Invalid = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

    [Theory]
    // util/validation/ip_test.go TestIsValidIP: columns are (value, family, strict error, legacy error).
    [InlineData("1.2.3.4", 4, null, null)]
    [InlineData("0.0.0.0", 4, null, null)]
    [InlineData("255.255.255.255", 4, null, null)]
    [InlineData("1234::abcd", 6, null, null)]
    [InlineData("::", 6, null, null)]
    [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 6, null, null)]
    // Non-canonical IPv6 is fine for these legacy fields.
    [InlineData("0:0:0:0:0:0:0:0", 6, null, null)]
    [InlineData("0001:002:03:4::", 6, null, null)]
    [InlineData("1234::ABCD", 6, null, null)]
    [InlineData("1:2:3:4:5:6:1.2.3.4", 6, null, null)]
    [InlineData("::1.2.3.4", 6, null, null)]
    // Good with legacy validation, bad with strict validation.
    [InlineData("1.1.1.01", 4, "must not have leading 0s", null)]
    [InlineData("010.002.003.004", 4, "must not have leading 0s", null)]
    [InlineData("::ffff:1.1.1.1", 4, "must not be an IPv4-mapped IPv6 address", null)]
    [InlineData("::ffff:102:304", 4, "must not be an IPv4-mapped IPv6 address", null)]
    // Go 1.16's parser took up to any number of hex digits per group; netip.ParseAddr takes four.
    [InlineData("00001::", 6, "must not have leading 0s", null)]
    [InlineData("::1.2.3.04", 6, "must not have leading 0s", null)]
    // Bad values.
    [InlineData("", 0, Invalid, Invalid)]
    [InlineData("aaaaaaa", 0, Invalid, Invalid)]
    [InlineData("myhost.mydomain", 0, Invalid, Invalid)]
    [InlineData("1.2.3.0/24", 0, Invalid, Invalid)]
    [InlineData("1.2.3.400", 0, Invalid, Invalid)]
    [InlineData("-1.0.0.0", 0, Invalid, Invalid)]
    [InlineData("2001:db8::10005", 0, Invalid, Invalid)]
    [InlineData("1.2.3.4:80", 0, Invalid, Invalid)]
    [InlineData("[2001:db8::1]", 0, Invalid, Invalid)]
    [InlineData("[2001:db8::1]:80", 0, Invalid, Invalid)]
    [InlineData("example.com:80", 0, Invalid, Invalid)]
    [InlineData("1234::abcd%eth0", 0, Invalid, Invalid)]
    [InlineData("169.254.0.0%eth0", 0, Invalid, Invalid)]
    // Forms .NET's IPAddress.TryParse would take but Go's parser does not.
    [InlineData("1.2.3", 0, Invalid, Invalid)]
    [InlineData("127.1", 0, Invalid, Invalid)]
    [InlineData("0x7f.0.0.1", 0, Invalid, Invalid)]
    [InlineData("1.2.3.4.5", 0, Invalid, Invalid)]
    [InlineData("1::2::3", 0, Invalid, Invalid)]
    [InlineData("1:2:3:4:5:6:7:8:9", 0, Invalid, Invalid)]
    [InlineData("1:2:3:4:5:6:7:8::", 0, Invalid, Invalid)]
    [InlineData("1:2:3:4:5:6:7", 0, Invalid, Invalid)]
    [InlineData("1:", 0, Invalid, Invalid)]
    [InlineData(":1::", 0, Invalid, Invalid)]
    [InlineData("1:2:3:4:5:6:7:1.2.3.4", 0, Invalid, Invalid)]
    [InlineData("1.2.3.4::", 0, Invalid, Invalid)]
    public void Checks_addresses_like_kube(string value, int family, string? strictError, string? legacyError)
    {
        IpValidation.IsValidIP(value).Should().Equal(strictError is null ? [] : [strictError]);
        IpValidation.IsValidIP(value, strict: false).Should().Equal(legacyError is null ? [] : [legacyError]);

        if (legacyError is null)
        {
            IpValidation.IsValidIPv4(value, strict: false).Should().Equal(family == 4 ? [] : ["must be an IPv4 address"]);
            IpValidation.IsValidIPv6(value, strict: false).Should().Equal(family == 6 ? [] : ["must be an IPv6 address"]);
        }
        else
        {
            IpValidation.IsValidIPv4(value, strict: false).Should().Equal(legacyError);
            IpValidation.IsValidIPv6(value, strict: false).Should().Equal(legacyError);
        }
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("2001:db8::1")]
    // ValidateEndpointIP allows global multicast, a quirk kube's own comment calls "probably a bug".
    [InlineData("224.0.1.1")]
    [InlineData("ff05::1")]
    [InlineData("0.0.0.1")]
    public void Accepts_ordinary_endpoint_addresses(string value) => IpValidation.ValidateEndpointIP(value).Should().BeEmpty();

    [Theory]
    // core/validation ValidateEndpointIP.
    [InlineData("not-an-ip", "must be a valid IP address")]
    [InlineData("0.0.0.0", "may not be unspecified (0.0.0.0)")]
    [InlineData("::", "may not be unspecified (::)")]
    [InlineData("127.0.0.1", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("127.255.0.9", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("::1", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("::ffff:127.0.0.1", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("169.254.1.1", "may not be in the link-local range (169.254.0.0/16, fe80::/10)")]
    [InlineData("fe80::1", "may not be in the link-local range (169.254.0.0/16, fe80::/10)")]
    [InlineData("febf::1", "may not be in the link-local range (169.254.0.0/16, fe80::/10)")]
    [InlineData("224.0.0.251", "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")]
    [InlineData("ff02::1", "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")]
    public void Refuses_special_endpoint_addresses(string value, string message) =>
        IpValidation.ValidateEndpointIP(value).Should().Equal(message);

    [Theory]
    [InlineData("10.2.3.4", false)]
    [InlineData("2001:db8::7", true)]
    public void Accepts_endpoint_slice_addresses_of_the_slice_family(string value, bool ipv6) =>
        IpValidation.ValidateEndpointSliceAddress(value, ipv6).Should().BeEmpty();

    [Theory]
    [InlineData("2001:db8::7", false, "must be an IPv4 address")]
    [InlineData("10.2.3.4", true, "must be an IPv6 address")]
    [InlineData("10.2.3.04", false, "must not have leading 0s")]
    [InlineData("::ffff:10.2.3.4", false, "must not be an IPv4-mapped IPv6 address")]
    [InlineData("nonsense", false, Invalid)]
    [InlineData("127.0.0.1", false, "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    public void Refuses_endpoint_slice_addresses_with_one_message(string value, bool ipv6, string message) =>
        IpValidation.ValidateEndpointSliceAddress(value, ipv6).Should().Equal(message);
}
