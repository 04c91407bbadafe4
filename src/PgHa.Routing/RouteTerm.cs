using System.Globalization;

namespace PgHa.Routing;

/// <summary>
/// The fencing value of a route: the leader's identity and its term (the lock's <c>transitions</c>). A router never
/// replaces a route written under a newer term, so a deposed leader's late write cannot move clients back to it.
/// </summary>
/// <param name="Holder">The leader that asks for the route.</param>
/// <param name="Transitions">Its term.</param>
public readonly record struct RouteTerm(string Holder, long Transitions)
{
    /// <summary>The annotation value that records the term: <c>&lt;transitions&gt;/&lt;holder&gt;</c>.</summary>
    public string Format() => Transitions.ToString(CultureInfo.InvariantCulture) + "/" + Holder;

    /// <summary>Reads <see cref="Format"/>'s text; false when it is not one.</summary>
    /// <param name="text">The annotation value.</param>
    /// <param name="term">The term.</param>
    public static bool TryParse(string? text, out RouteTerm term)
    {
        term = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash <= 0 || !long.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var transitions))
        {
            return false;
        }

        term = new RouteTerm(text![(slash + 1)..], transitions);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Format();
}
