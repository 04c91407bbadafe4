namespace PgHa.Election;

/// <summary>This member stopped leading.</summary>
public sealed class LeadershipStoppedEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    /// <param name="term">The term that ended.</param>
    /// <param name="reason">Why it ended, for logs.</param>
    /// <param name="released">True when the lock was given up on purpose (released), false when leadership was lost.</param>
    public LeadershipStoppedEventArgs(LeadershipTerm term, string reason, bool released)
    {
        Term = term;
        Reason = reason;
        Released = released;
    }

    /// <summary>The term that ended.</summary>
    public LeadershipTerm Term { get; }

    /// <summary>Why it ended.</summary>
    public string Reason { get; }

    /// <summary>True when the lock was released on purpose.</summary>
    public bool Released { get; }
}
