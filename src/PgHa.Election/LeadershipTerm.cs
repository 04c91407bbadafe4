namespace PgHa.Election;

/// <summary>
/// One leadership: who led, under which term (the lock's <c>transitions</c>), since when. The term only grows, so it
/// is the fencing token to stamp on everything a leader writes: a write made under a lower term is stale.
/// </summary>
/// <param name="Holder">The leader's identity.</param>
/// <param name="Transitions">The term: the lock's transition count when this leadership began.</param>
/// <param name="AcquireTime">When the lock was taken (the leader's wall clock).</param>
public readonly record struct LeadershipTerm(string Holder, long Transitions, DateTimeOffset AcquireTime) : IComparable<LeadershipTerm>
{
    /// <summary>Orders terms by <see cref="Transitions"/>.</summary>
    /// <param name="other">The other term.</param>
    public int CompareTo(LeadershipTerm other) => Transitions.CompareTo(other.Transitions);

    /// <summary>True when <paramref name="left"/> is an older term than <paramref name="right"/>.</summary>
    /// <param name="left">A term.</param>
    /// <param name="right">Another term.</param>
    public static bool operator <(LeadershipTerm left, LeadershipTerm right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> is a newer term than <paramref name="right"/>.</summary>
    /// <param name="left">A term.</param>
    /// <param name="right">Another term.</param>
    public static bool operator >(LeadershipTerm left, LeadershipTerm right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> is not newer than <paramref name="right"/>.</summary>
    /// <param name="left">A term.</param>
    /// <param name="right">Another term.</param>
    public static bool operator <=(LeadershipTerm left, LeadershipTerm right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> is not older than <paramref name="right"/>.</summary>
    /// <param name="left">A term.</param>
    /// <param name="right">Another term.</param>
    public static bool operator >=(LeadershipTerm left, LeadershipTerm right) => left.CompareTo(right) >= 0;

    /// <inheritdoc />
    public override string ToString() => $"{Holder}@{Transitions}";
}
