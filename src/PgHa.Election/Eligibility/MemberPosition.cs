namespace PgHa.Election.Eligibility;

/// <summary>What another member published about itself: its name, its replay position and whether it may be promoted.</summary>
/// <param name="Name">The member's identity.</param>
/// <param name="ReplayPosition">Its WAL position in bytes, when published.</param>
/// <param name="NoFailover">True when it is tagged nofailover.</param>
public readonly record struct MemberPosition(string Name, long? ReplayPosition, bool NoFailover);
