using System.Globalization;
using System.Text;

namespace PgHa.Testing.Schema;

/// <summary>
/// The validity check of Go's <c>base64.StdEncoding</c> decoder (used for <c>[]byte</c> fields such as
/// Secret <c>data</c> and ConfigMap <c>binaryData</c>), with its <c>illegal base64 data at input byte N</c> error.
/// </summary>
internal static class GoBase64
{
    /// <summary>Null when <paramref name="text"/> decodes, else Go's error text.</summary>
    public static string? Check(string text)
    {
        var si = 0;
        while (si < text.Length)
        {
            // One quantum of four symbols; CR and LF are skipped anywhere, as Go does.
            var j = 0;
            while (j < 4)
            {
                if (si == text.Length)
                {
                    return j == 0 ? null : Corrupt(text, si - j);
                }

                var c = text[si++];
                if (c is '\r' or '\n')
                {
                    continue;
                }

                if (c == '=')
                {
                    return CheckPadding(text, si, j);
                }

                if (!IsSymbol(c))
                {
                    return Corrupt(text, si - 1);
                }

                j++;
            }

            while (si < text.Length && text[si] is '\r' or '\n')
            {
                si++;
            }
        }

        return null;
    }

    // Padding met after j symbols of the quantum; si is just past the first '='.
    private static string? CheckPadding(string text, int si, int j)
    {
        switch (j)
        {
            case 0 or 1:
                return Corrupt(text, si - 1);
            case 2:
                si = SkipNewlines(text, si);
                if (si == text.Length)
                {
                    return Corrupt(text, text.Length);
                }

                if (text[si] != '=')
                {
                    return Corrupt(text, si - 1);
                }

                si++;
                break;
        }

        si = SkipNewlines(text, si);
        return si < text.Length ? Corrupt(text, si) : null;
    }

    private static int SkipNewlines(string text, int si)
    {
        while (si < text.Length && text[si] is '\r' or '\n')
        {
            si++;
        }

        return si;
    }

    private static bool IsSymbol(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/';

    // Go counts bytes of the UTF-8 input.
    private static string Corrupt(string text, int charIndex) =>
        "illegal base64 data at input byte " + Encoding.UTF8.GetByteCount(text.AsSpan(0, charIndex)).ToString(CultureInfo.InvariantCulture);
}
