using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>One parsed node of a printer column's JSONPath; which members are set depends on <see cref="Kind"/>.</summary>
internal sealed record JsonPathStep(JsonPathStepKind Kind)
{
    /// <summary>The key of a <see cref="JsonPathStepKind.Field"/>.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Slice start, end and step; null where client-go's parameter is not "known".</summary>
    public int? Start { get; init; }

    public int? End { get; init; }

    /// <summary>True when <see cref="End"/> was derived from a single index (<c>[i]</c> means <c>[i:i+1]</c>).</summary>
    public bool EndDerived { get; init; }

    public int? Step { get; init; }

    /// <summary>Filter operands (evaluated against each element) and operator (<c>exists</c> when there is no comparison).</summary>
    public IReadOnlyList<JsonPathStep> Left { get; init; } = [];

    public IReadOnlyList<JsonPathStep> Right { get; init; } = [];

    public string Operator { get; init; } = string.Empty;

    /// <summary>The alternatives of a <see cref="JsonPathStepKind.Union"/>.</summary>
    public IReadOnlyList<IReadOnlyList<JsonPathStep>> Alternatives { get; init; } = [];

    /// <summary>The value of a <see cref="JsonPathStepKind.Literal"/>.</summary>
    public JsonNode? Value { get; init; }
}
