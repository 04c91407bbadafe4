using System.Text;
using PgHa.Testing.Go;

namespace PgHa.Testing.Selectors;

/// <summary>
/// A field selector with kube's semantics (k8s.io/apimachinery/pkg/fields, Kubernetes v1.32): the AND of
/// <c>field=value</c> and <c>field!=value</c> terms, parsed from the <c>fieldSelector</c> query parameter.
/// Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// The parser knows no fields; which fields a resource supports is the caller's to check with
/// <see cref="FindUnsupportedField"/> and one of kube's two messages (<see cref="FieldLabelNotSupportedMessage"/>
/// for kinds with their own field list, <see cref="NotKnownFieldSelectorMessage"/> for kinds using kube's
/// default of name and namespace).
/// </remarks>
internal sealed class FieldSelector : IEquatable<FieldSelector>
{
    private readonly FieldRequirement[] _requirements;

    private FieldSelector(FieldRequirement[] requirements) => _requirements = requirements;

    /// <summary>Selects every object.</summary>
    public static FieldSelector Everything { get; } = new([]);

    /// <summary>The terms, in kube's order (sorted by their text as written).</summary>
    public IReadOnlyList<FieldRequirement> Requirements => _requirements;

    /// <summary>The fields used, in <see cref="Requirements"/> order (a field used twice appears twice).</summary>
    public IEnumerable<string> Fields => _requirements.Select(r => r.Field);

    public bool IsEmpty => _requirements.Length == 0;

    /// <summary>
    /// Kube's <c>fields.ParseSelector</c>: terms split on unescaped commas, each split at the first
    /// <c>!=</c>, <c>==</c> or <c>=</c>; in values <c>\\</c>, <c>\,</c> and <c>\=</c> are escapes and a bare
    /// <c>,</c> or <c>=</c> is an error. Empty terms and terms with both field and value empty are dropped.
    /// </summary>
    /// <exception cref="SelectorParseException">
    /// Kube would refuse it: <c>invalid selector: '&lt;text&gt;'; can't understand '&lt;term&gt;'</c>,
    /// <c>invalid field selector: invalid escape sequence: \x</c> or
    /// <c>invalid field selector: unescaped character in value: 61</c> (Go prints the character's code).
    /// </exception>
    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Everything;
        }

        var requirements = FieldSelectorParser.Parse(text);
        return requirements.Length == 0 ? Everything : new FieldSelector(requirements);
    }

    /// <summary>
    /// Kube's <c>Selector.Matches</c>. <paramref name="fieldValue"/> gives an object's value of a field, or
    /// null when absent (read as "", as kube's <c>fields.Set.Get</c> does).
    /// </summary>
    public bool Matches(Func<string, string?> fieldValue)
    {
        ArgumentNullException.ThrowIfNull(fieldValue);
        foreach (var requirement in _requirements)
        {
            var actual = fieldValue(requirement.Field) ?? "";
            var equal = string.Equals(actual, requirement.Value, StringComparison.Ordinal);
            if (equal != (requirement.Operator == FieldOperator.Equal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Kube's <c>RequiresExactMatch</c>: the value an <c>=</c> term demands of <paramref name="field"/>
    /// (the first such term), e.g. for a <c>metadata.name</c> lookup instead of a scan.
    /// </summary>
    public bool TryGetRequiredValue(string field, out string value)
    {
        foreach (var requirement in _requirements)
        {
            if (requirement.Operator == FieldOperator.Equal && requirement.Field == field)
            {
                value = requirement.Value;
                return true;
            }
        }

        value = "";
        return false;
    }

    /// <summary>
    /// The first field, in kube's order, that <paramref name="isSupported"/> refuses, or null. Kube converts
    /// the terms one by one and stops at the first refusal, so this is the field its message names.
    /// </summary>
    public string? FindUnsupportedField(Func<string, bool> isSupported)
    {
        ArgumentNullException.ThrowIfNull(isSupported);
        foreach (var requirement in _requirements)
        {
            if (!isSupported(requirement.Field))
            {
                return requirement.Field;
            }
        }

        return null;
    }

    /// <summary>
    /// Kube's 400 message for a field outside <paramref name="supportedFields"/>
    /// (<see cref="FieldLabelNotSupportedMessage"/>), or null when all are supported.
    /// </summary>
    public string? CheckSupported(IReadOnlyCollection<string> supportedFields)
    {
        ArgumentNullException.ThrowIfNull(supportedFields);
        var field = FindUnsupportedField(supportedFields.Contains);
        return field is null ? null : FieldLabelNotSupportedMessage(field);
    }

    /// <summary>
    /// Kube's message for kinds with their own field list (Pods, Nodes, Secrets, Namespaces, Events, Services,
    /// custom resources, ...): <c>field label not supported: spec.foo</c>.
    /// </summary>
    public static string FieldLabelNotSupportedMessage(string field) => "field label not supported: " + field;

    /// <summary>
    /// Kube's message for kinds using the default field list, name and namespace only (Endpoints,
    /// EndpointSlices, ConfigMaps, Leases, ...): <c>"spec.foo" is not a known field selector: only
    /// "metadata.name", "metadata.namespace"</c>.
    /// </summary>
    public static string NotKnownFieldSelectorMessage(string field) =>
        GoStrings.Quote(field) + " is not a known field selector: only \"metadata.name\", \"metadata.namespace\"";

    /// <summary>Kube's <c>fields.EscapeValue</c>: backslash before <c>\</c>, <c>,</c> and <c>=</c>.</summary>
    public static string EscapeValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            if (c is '\\' or ',' or '=')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Kube's canonical form: terms in <see cref="Requirements"/> order joined by commas.</summary>
    public override string ToString() => string.Join(',', _requirements.Select(r => r.ToString()));

    public bool Equals(FieldSelector? other) =>
        other is not null && _requirements.AsSpan().SequenceEqual(other._requirements);

    public override bool Equals(object? obj) => Equals(obj as FieldSelector);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var requirement in _requirements)
        {
            hash.Add(requirement);
        }

        return hash.ToHashCode();
    }
}
