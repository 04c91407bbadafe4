namespace PgHa.Routing.Fencing;

/// <summary>
/// Decides whether a writer may replace a route written under another term. Terms are ordered by their transitions;
/// within one transitions value a term's holder comes first and its release (an empty holder) after it, because every
/// acquisition after a release counts a new transition (as Patroni does).
/// </summary>
internal static class RouteFence
{
    /// <summary>Why <paramref name="ours"/> may not replace a route written under <paramref name="live"/>, or null when it may.</summary>
    public static string? Refusal(RouteTerm ours, RouteTerm? live)
    {
        if (live is not { } current)
        {
            return null;
        }

        if (ours.Transitions < current.Transitions)
        {
            return $"the route was written in term {current.Transitions} by '{current.Holder}', newer than term {ours.Transitions}";
        }

        if (ours.Transitions > current.Transitions || string.Equals(ours.Holder, current.Holder, StringComparison.Ordinal))
        {
            return null;
        }

        if (current.Holder.Length == 0)
        {
            return $"term {current.Transitions} was released; '{ours.Holder}' no longer leads in it";
        }

        return ours.Holder.Length == 0
            ? null
            : $"term {current.Transitions} belongs to '{current.Holder}', not '{ours.Holder}'";
    }

    /// <summary>The later of two terms in the fencing order (null when both are).</summary>
    public static RouteTerm? Later(RouteTerm? a, RouteTerm? b)
    {
        if (a is not { } x)
        {
            return b;
        }

        if (b is not { } y)
        {
            return a;
        }

        if (x.Transitions != y.Transitions)
        {
            return x.Transitions > y.Transitions ? x : y;
        }

        if (x.Holder.Length == 0 || y.Holder.Length == 0)
        {
            return x.Holder.Length == 0 ? x : y;
        }

        // Two holders in one term cannot both be right; order them by name so every reader picks the same one.
        return string.CompareOrdinal(x.Holder, y.Holder) >= 0 ? x : y;
    }
}
