using System.Globalization;

namespace PgHa.Routing;

/// <summary>
/// The fencing value of a route: the leader's identity and its term (the lock's <c>transitions</c>). A router never
/// replaces a route written under a newer term, so a deposed leader's late write cannot move clients back to it.
/// </summary>
/// <remarks>
/// Terms are ordered by <see cref="Transitions"/>; within one, the holder comes before the release of its lock (an
/// empty <see cref="Holder"/>), because every acquisition after a release counts a new transition, as in Patroni.
/// Before any lock was ever held there is <see cref="None"/>, below every term: Patroni's first leader holds term 0.
/// </remarks>
/// <param name="Holder">The leader that asks for the route; empty when the lock is free.</param>
/// <param name="Transitions">Its term; -1 only for <see cref="None"/>.</param>
public readonly record struct RouteTerm(string Holder, long Transitions)
{
    /// <summary>No lock has been held yet: the term below every other, for routing to no primary before the first election.</summary>
    public static RouteTerm None { get; } = new(string.Empty, -1);

    /// <summary>The annotation value that records the term: <c>&lt;transitions&gt;/&lt;holder&gt;</c>.</summary>
    public string Format() => Transitions.ToString(CultureInfo.InvariantCulture) + "/" + Holder;

    /// <summary>Reads <see cref="Format"/>'s text; false when it is not one.</summary>
    /// <param name="text">The annotation value.</param>
    /// <param name="term">The term.</param>
    public static bool TryParse(string? text, out RouteTerm term)
    {
        term = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash <= 0 || text![0] == '+' || !long.TryParse(text.AsSpan(0, slash), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var transitions))
        {
            return false;
        }

        var parsed = new RouteTerm(text![(slash + 1)..], transitions);
        if (!parsed.IsValid)
        {
            return false;
        }

        term = parsed;
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Format();

    /// <summary>Whether this is a term a route may carry: a holder (possibly empty) and transitions of at least 0, or <see cref="None"/>.</summary>
    internal bool IsValid => Holder is not null && (Transitions >= 0 || this == None);
}
