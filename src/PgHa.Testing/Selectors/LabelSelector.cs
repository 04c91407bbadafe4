using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PgHa.Testing.Go;

namespace PgHa.Testing.Selectors;

/// <summary>
/// A label selector with kube's semantics (k8s.io/apimachinery/pkg/labels): the AND of its requirements,
/// parsed from the <c>labelSelector</c> query parameter or built from a Service's <c>spec.selector</c>.
/// Immutable and safe to share between threads.
/// </summary>
internal sealed class LabelSelector : IEquatable<LabelSelector>
{
    private readonly LabelRequirement[] _requirements;
    private readonly bool _matchesNothing;
    private string? _text;

    private LabelSelector(LabelRequirement[] requirements, bool matchesNothing)
    {
        _requirements = requirements;
        _matchesNothing = matchesNothing;
    }

    /// <summary>Selects every object (kube's <c>labels.Everything()</c>): the empty selector.</summary>
    public static LabelSelector Everything { get; } = new([], matchesNothing: false);

    /// <summary>Selects no object (kube's <c>labels.Nothing()</c>); prints as the empty string.</summary>
    public static LabelSelector Nothing { get; } = new([], matchesNothing: true);

    /// <summary>The requirements, sorted by key as kube sorts them.</summary>
    public IReadOnlyList<LabelRequirement> Requirements => _requirements;

    /// <summary>True when the selector restricts nothing (kube's <c>Empty()</c>); false for <see cref="Nothing"/>.</summary>
    public bool IsEmpty => !_matchesNothing && _requirements.Length == 0;

    /// <summary>True only for <see cref="Nothing"/>.</summary>
    public bool MatchesNothing => _matchesNothing;

    /// <summary>
    /// Kube's <c>labels.Parse</c>. Null, empty or blank text is <see cref="Everything"/>.
    /// </summary>
    /// <exception cref="SelectorParseException">
    /// Kube would refuse the selector; the message is kube's, e.g. <c>unable to parse requirement: found '',
    /// expected: identifier</c> or <c>found 'b', expected: ',' or 'end of string'</c>.
    /// </exception>
    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Everything;
        }

        var requirements = LabelSelectorParser.Parse(text);
        return requirements.Length == 0 ? Everything : new LabelSelector(requirements, matchesNothing: false);
    }

    /// <summary>
    /// Kube's <c>labels.SelectorFromSet</c>: equality requirements for every entry of a map such as a Service's
    /// <c>spec.selector</c>, sorted by key, not validated (the object was validated when it was stored).
    /// </summary>
    /// <remarks>
    /// A null or empty map gives <see cref="Everything"/>, as in kube. A Service without a selector must
    /// select no Pods, and kube gets that not from the selector but from its controllers, which skip such
    /// Services before building one; callers do the same by checking <see cref="IsEmpty"/> (or use
    /// <see cref="Nothing"/>). A JSON null value reads as "", as Go decodes it.
    /// </remarks>
    /// <exception cref="ArgumentException">A value is neither a string nor null.</exception>
    public static LabelSelector FromMap(JsonObject? map)
    {
        if (map is null || map.Count == 0)
        {
            return Everything;
        }

        var requirements = new LabelRequirement[map.Count];
        var i = 0;
        foreach (var (key, node) in map)
        {
            string value;
            if (node is null)
            {
                value = "";
            }
            else if (node.GetValueKind() == JsonValueKind.String)
            {
                value = node.GetValue<string>();
            }
            else
            {
                throw new ArgumentException("Selector value of '" + key + "' is not a string.", nameof(map));
            }

            requirements[i++] = new LabelRequirement(key, LabelOperator.Equal, [value]);
        }

        Array.Sort(requirements, (a, b) => Utf8OrdinalComparer.Instance.Compare(a.Key, b.Key));
        return new LabelSelector(requirements, matchesNothing: false);
    }

    /// <summary>
    /// True when every requirement holds for <paramref name="labels"/> (<c>metadata.labels</c> as stored; null
    /// means no labels). Allocates nothing: it runs for every object of a list and every event of a watch.
    /// </summary>
    public bool Matches(JsonObject? labels)
    {
        if (_matchesNothing)
        {
            return false;
        }

        var requirements = _requirements;
        for (var i = 0; i < requirements.Length; i++)
        {
            if (!requirements[i].Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Kube's <c>RequiresExactMatch</c>: the one value <paramref name="key"/> must have (from <c>=</c>, <c>==</c>
    /// or a one-value <c>in</c>), for index lookups such as <c>kubernetes.io/service-name</c>.
    /// </summary>
    public bool TryGetRequiredValue(string key, out string value)
    {
        foreach (var requirement in _requirements)
        {
            if (requirement.Key != key)
            {
                continue;
            }

            // Like kube, only the first requirement on the key is considered.
            if (requirement.Operator is LabelOperator.Equal or LabelOperator.DoubleEqual or LabelOperator.In
                && requirement.Values.Count == 1)
            {
                value = requirement.Values[0];
                return true;
            }

            break;
        }

        value = "";
        return false;
    }

    /// <summary>Kube's canonical form (<c>Selector.String()</c>): requirements sorted by key, joined by commas.</summary>
    public override string ToString()
    {
        return _text ??= Format(_requirements);

        static string Format(LabelRequirement[] requirements)
        {
            if (requirements.Length == 0)
            {
                return "";
            }

            var builder = new StringBuilder();
            for (var i = 0; i < requirements.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append(',');
                }

                requirements[i].AppendTo(builder);
            }

            return builder.ToString();
        }
    }

    public bool Equals(LabelSelector? other) =>
        other is not null && _matchesNothing == other._matchesNothing
        && _requirements.AsSpan().SequenceEqual(other._requirements);

    public override bool Equals(object? obj) => Equals(obj as LabelSelector);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_matchesNothing);
        foreach (var requirement in _requirements)
        {
            hash.Add(requirement);
        }

        return hash.ToHashCode();
    }
}
