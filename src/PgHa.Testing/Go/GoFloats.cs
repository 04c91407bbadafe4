using System.Globalization;
using System.Text;

namespace PgHa.Testing.Go;

/// <summary>
/// The two texts Go gives a float64 in the messages and output kube repeats: <c>fmt</c>'s <c>%v</c>
/// (<c>strconv.FormatFloat(f, 'g', -1, 64)</c>) and <c>encoding/json</c>'s (<c>floatEncoder</c>).
/// Both use the shortest digits that round-trip, which is what .NET's <c>"R"</c> format gives too.
/// </summary>
internal static class GoFloats
{
    /// <summary>
    /// <c>fmt</c>'s <c>%v</c> of a float64: shortest digits, exponent form (at least two exponent digits) when the
    /// decimal exponent is below -4 or at least 6 (go/src/strconv/ftoa.go: <c>%g</c> decides with precision 6 in shortest mode).
    /// </summary>
    public static string Format(double value)
    {
        var builder = new StringBuilder(24);
        Append(builder, value, json: false);
        return builder.ToString();
    }

    /// <summary>
    /// <c>encoding/json</c>'s float64: <c>'f'</c> form unless the magnitude is below 1e-6 or at least 1e21, then
    /// <c>'e'</c> form with <c>e-07</c> cleaned to <c>e-7</c> (go/src/encoding/json/encode.go, <c>floatEncoder.encode</c>).
    /// </summary>
    public static string FormatJson(double value)
    {
        var builder = new StringBuilder(24);
        Append(builder, value, json: true);
        return builder.ToString();
    }

    /// <summary>Writes <see cref="Format"/> or, for <paramref name="json"/>, <see cref="FormatJson"/>.</summary>
    public static void Append(StringBuilder builder, double value, bool json)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // encoding/json refuses NaN and infinities (UnsupportedValueError); nothing decoded from JSON holds them.
        if (double.IsNaN(value))
        {
            builder.Append("NaN");
            return;
        }

        if (double.IsInfinity(value))
        {
            builder.Append(value > 0 ? "+Inf" : "-Inf");
            return;
        }

        if (double.IsNegative(value))
        {
            builder.Append('-');
        }

        var magnitude = Math.Abs(value);
        if (magnitude == 0)
        {
            builder.Append('0');
            return;
        }

        Span<char> digits = stackalloc char[32];
        var count = ShortestDigits(magnitude, digits, out var exponent);
        digits = digits[..count];
        var exponentForm = json ? magnitude < 1e-6 || magnitude >= 1e21 : exponent < -4 || exponent >= 6;
        if (exponentForm)
        {
            builder.Append(digits[0]);
            if (digits.Length > 1)
            {
                builder.Append('.').Append(digits[1..]);
            }

            builder.Append('e').Append(exponent < 0 ? '-' : '+');
            var absExponent = Math.Abs(exponent);

            // strconv pads the exponent to two digits; encoding/json undoes that for the negative ones it writes.
            if (absExponent < 10 && !json)
            {
                builder.Append('0');
            }

            builder.Append(absExponent.ToString(CultureInfo.InvariantCulture));
        }
        else if (exponent < 0)
        {
            builder.Append("0.").Append('0', -exponent - 1).Append(digits);
        }
        else if (digits.Length <= exponent + 1)
        {
            builder.Append(digits).Append('0', exponent + 1 - digits.Length);
        }
        else
        {
            builder.Append(digits[..(exponent + 1)]).Append('.').Append(digits[(exponent + 1)..]);
        }
    }

    // The significant digits of a positive finite value (no leading or trailing zeros) and the decimal exponent of
    // the first one: "1.2345E+21" gives 12345 and 21, "0.00125" gives 125 and -3.
    private static int ShortestDigits(double magnitude, Span<char> digits, out int exponent)
    {
        Span<char> text = stackalloc char[32];
        magnitude.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        text = text[..length];
        var textExponent = 0;
        var e = text.IndexOf('E');
        if (e >= 0)
        {
            textExponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var point = text.IndexOf('.');
        var integerDigits = point < 0 ? text.Length : point;
        var count = 0;
        var leadingZeros = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                continue;
            }

            if (c == '0' && count == 0)
            {
                leadingZeros++;
                continue;
            }

            digits[count++] = c;
        }

        while (count > 1 && digits[count - 1] == '0')
        {
            count--;
        }

        exponent = textExponent + integerDigits - leadingZeros - 1;
        return count;
    }
}
