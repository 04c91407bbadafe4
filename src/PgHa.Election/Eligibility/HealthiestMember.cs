namespace PgHa.Election.Eligibility;

/// <summary>
/// Patroni's <c>_is_healthiest_node</c>, as a pure rule: a candidate defers when another member that may be promoted
/// has replayed more than it has, because with synchronous replication that member holds every acknowledged write.
/// </summary>
public static class HealthiestMember
{
    /// <summary>The member ahead of <paramref name="identity"/> that it should defer to, or null when it is the healthiest.</summary>
    /// <param name="identity">This member.</param>
    /// <param name="ownPosition">This member's replay position, if known.</param>
    /// <param name="members">What the members published.</param>
    public static MemberPosition? AheadOf(string identity, long? ownPosition, IReadOnlyList<MemberPosition> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (ownPosition is not { } own)
        {
            return null;
        }

        MemberPosition? best = null;
        foreach (var member in members)
        {
            if (member.Name == identity || member.NoFailover || member.ReplayPosition is not { } position || position <= own)
            {
                continue;
            }

            if (best is null || position > best.Value.ReplayPosition)
            {
                best = member;
            }
        }

        return best;
    }
}
