namespace PgHa.Election.Eligibility;

/// <summary>Whether this member may take the lock now, why not, and its replay position (for deferring to a healthier member).</summary>
/// <param name="Eligible">True when it may take the lock.</param>
/// <param name="Reason">Why not, for logs; null when eligible.</param>
/// <param name="ReplayPosition">This member's WAL replay position in bytes, when known.</param>
public readonly record struct EligibilityVerdict(bool Eligible, string? Reason = null, long? ReplayPosition = null)
{
    /// <summary>Eligible, position unknown.</summary>
    public static EligibilityVerdict Yes => new(true);
}
