using System.Globalization;
using System.Text.RegularExpressions;

namespace PgHa.Operator;

/// <summary>
/// Checks a label selector the way the API server parses it (k8s.io/apimachinery/pkg/labels): requirements joined by
/// commas, each <c>key</c>, <c>!key</c>, <c>key=value</c>, <c>key==value</c>, <c>key!=value</c>,
/// <c>key in (a,b)</c>, <c>key notin (a,b)</c>, <c>key&gt;5</c> or <c>key&lt;5</c>, keys qualified names and values
/// label values. So a typo in <see cref="OperatorOptions.LabelSelector"/> is refused at start, not answered with a 400
/// on every list the informers make.
/// </summary>
/// <remarks>Kube 1.32's refusal of <c>x in (a,,)</c> (while <c>x in (,,,)</c> passes; fixed in 1.35) is not copied.</remarks>
internal static partial class LabelSelectorSyntax
{
    /// <summary>Why the server would refuse <paramref name="selector"/>, or null when it would parse it.</summary>
    public static string? Problem(string selector)
    {
        foreach (var requirement in SplitRequirements(selector))
        {
            var match = Requirement().Match(requirement);
            if (!match.Success)
            {
                return $"'{requirement.Trim()}' is not a requirement (key, !key, key=value, key!=value, key in (a,b), key notin (a,b), key>n or key<n)";
            }

            var key = match.Groups["key"].Value;
            if (!IsQualifiedName(key))
            {
                return $"'{key}' is not a label key (an optional DNS subdomain prefix and '/', then a name of at most 63 characters)";
            }

            // Kube checks every value as a label value, the bound of '>' and '<' too (so a negative one is refused).
            var values = match.Groups["values"].Success
                ? match.Groups["values"].Value.Split(',').Select(v => v.Trim())
                : match.Groups["value"].Success ? [match.Groups["value"].Value]
                : match.Groups["bound"].Success ? [match.Groups["bound"].Value] : [];
            if (values.FirstOrDefault(v => v.Length > 63 || !LabelValue().IsMatch(v)) is { } bad)
            {
                return $"'{bad}' is not a label value (at most 63 characters)";
            }

            if (match.Groups["bound"].Success && !long.TryParse(match.Groups["bound"].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
            {
                return $"'{match.Groups["bound"].Value}' is not an integer, as '>' and '<' need";
            }
        }

        return null;
    }

    // Commas inside "in (...)" lists separate values, not requirements.
    private static List<string> SplitRequirements(string selector)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            if (selector[i] == '(')
            {
                depth++;
            }
            else if (selector[i] == ')')
            {
                depth--;
            }
            else if (selector[i] == ',' && depth == 0)
            {
                parts.Add(selector[start..i]);
                start = i + 1;
            }
        }

        parts.Add(selector[start..]);
        return parts;
    }

    private static bool IsQualifiedName(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        var prefix = slash < 0 ? null : key[..slash];
        return name.Length is > 0 and <= 63 && LabelValue().IsMatch(name)
            && (prefix is null || (prefix.Length is > 0 and <= 253 && DnsSubdomain().IsMatch(prefix)));
    }

    // The lexer's words: anything but whitespace and = ! ( ) , < >.
    [GeneratedRegex(@"^[ \t\r\n]*(?:![ \t\r\n]*(?<key>[^\s=!(),<>]+)|(?<key>[^\s=!(),<>]+)(?:[ \t\r\n]*(?:==|=|!=)[ \t\r\n]*(?<value>[^\s=!(),<>]*)|[ \t\r\n]+(?:in|notin)[ \t\r\n]*\((?<values>[^()]*)\)|[ \t\r\n]*[<>][ \t\r\n]*(?<bound>[^\s=!(),<>]+))?)[ \t\r\n]*$")]
    private static partial Regex Requirement();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();
}
