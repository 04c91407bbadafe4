using System.Text;
using PgHa.Testing.Go;

namespace PgHa.Testing.Selectors;

/// <summary>Kube's field selector parser (k8s.io/apimachinery/pkg/fields <c>parseSelector</c>, Kubernetes v1.32).</summary>
internal static class FieldSelectorParser
{
    /// <exception cref="SelectorParseException">Kube would refuse the selector; the message is kube's.</exception>
    public static FieldRequirement[] Parse(string text)
    {
        var terms = SplitTerms(text);

        // Kube sorts the raw terms before parsing them: the order of Requirements and of ToString.
        terms.Sort(Utf8OrdinalComparer.Instance);
        var requirements = new List<FieldRequirement>(terms.Count);
        foreach (var term in terms)
        {
            if (term.Length == 0)
            {
                continue;
            }

            if (!TrySplitTerm(term, out var field, out var op, out var rawValue))
            {
                throw new SelectorParseException("invalid selector: '" + text + "'; can't understand '" + term + "'");
            }

            var value = UnescapeValue(rawValue);
            if (field.Length == 0 && value.Length == 0)
            {
                continue;
            }

            requirements.Add(new FieldRequirement(field, op, value));
        }

        return [.. requirements];
    }

    // Kube's splitTerms: a backslash protects the next character (kept in the term) from being a separator.
    private static List<string> SplitTerms(string text)
    {
        var terms = new List<string>();
        var start = 0;
        var escaped = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (escaped)
            {
                escaped = false;

                // The escaped character is a whole code point; don't stop between a surrogate pair.
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                }
            }
            else if (c == '\\')
            {
                escaped = true;
            }
            else if (c == ',')
            {
                terms.Add(text[start..i]);
                start = i + 1;
            }
        }

        terms.Add(text[start..]);
        return terms;
    }

    // Kube's splitTerm: the first position where "!=", "==" or "=" starts, tried in that order; the field is
    // taken as is (no escapes).
    private static bool TrySplitTerm(string term, out string field, out FieldOperator op, out string value)
    {
        for (var i = 0; i < term.Length; i++)
        {
            var rest = term.AsSpan(i);
            if (rest.StartsWith("!=", StringComparison.Ordinal))
            {
                (field, op, value) = (term[..i], FieldOperator.NotEqual, term[(i + 2)..]);
                return true;
            }

            if (rest.StartsWith("==", StringComparison.Ordinal))
            {
                (field, op, value) = (term[..i], FieldOperator.Equal, term[(i + 2)..]);
                return true;
            }

            if (rest[0] == '=')
            {
                (field, op, value) = (term[..i], FieldOperator.Equal, term[(i + 1)..]);
                return true;
            }
        }

        (field, op, value) = ("", FieldOperator.Equal, "");
        return false;
    }

    // Kube's UnescapeValue.
    private static string UnescapeValue(string raw)
    {
        if (raw.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            return raw;
        }

        var builder = new StringBuilder(raw.Length);
        var escaped = false;
        foreach (var rune in raw.EnumerateRunes())
        {
            if (escaped)
            {
                if (rune.Value is not ('\\' or ',' or '='))
                {
                    throw new SelectorParseException("invalid field selector: invalid escape sequence: \\" + rune);
                }

                builder.Append((char)rune.Value);
                escaped = false;
                continue;
            }

            switch (rune.Value)
            {
                case '\\':
                    escaped = true;
                    break;
                case ',':
                case '=':
                    // Go prints the rune with %v, i.e. as its number.
                    throw new SelectorParseException("invalid field selector: unescaped character in value: " + rune.Value);
                default:
                    builder.Append(rune.ToString());
                    break;
            }
        }

        if (escaped)
        {
            throw new SelectorParseException("invalid field selector: invalid escape sequence: \\");
        }

        return builder.ToString();
    }
}
