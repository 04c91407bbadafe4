using PgHa.Testing.Go;

namespace PgHa.Testing.Tests.Go;

// fmt's %v of a float64 is strconv.FormatFloat(f, 'g', -1, 64): shortest digits, exponent form below 1e-4 and from
// 1e+06, exponent padded to two digits (go/src/strconv/ftoa.go). encoding/json writes 'f' form unless below 1e-6 or
// from 1e21, and unpads negative exponents (go/src/encoding/json/encode.go, floatEncoder).
public sealed class GoFloatsTests
{
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(1.5, "1.5")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(100000.0, "100000")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(100000000d, "1e+08")]
    [InlineData(123456789.0, "1.23456789e+08")]
    [InlineData(18446744073709551616.0, "1.8446744073709552e+19")]
    [InlineData(1e100, "1e+100")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(-2.5e-7, "-2.5e-07")]
    [InlineData(0.0, "0")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(double.MaxValue, "1.7976931348623157e+308")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Format_prints_like_fmt_percent_v(double value, string expected) => GoFloats.Format(value).Should().Be(expected);

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0, "0")]
    [InlineData(1234567.0, "1234567")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(1.5e-9, "1.5e-9")]
    [InlineData(1.5e-10, "1.5e-10")]
    public void FormatJson_prints_like_encoding_json(double value, string expected) => GoFloats.FormatJson(value).Should().Be(expected);

    // strconv formats the sign of negative zero in both forms ('g' and 'f').
    [Fact]
    public void Negative_zero_keeps_its_sign()
    {
        GoFloats.Format(-0.0).Should().Be("-0");
        GoFloats.FormatJson(-0.0).Should().Be("-0");
    }
}
