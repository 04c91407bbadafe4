namespace PgHa.Election;

/// <summary>This member became the leader.</summary>
public sealed class LeadershipStartedEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    /// <param name="term">The term this leadership runs under.</param>
    /// <param name="leadershipToken">Cancelled the moment this leadership ends (before the stopped event is raised).</param>
    public LeadershipStartedEventArgs(LeadershipTerm term, CancellationToken leadershipToken)
    {
        Term = term;
        LeadershipToken = leadershipToken;
    }

    /// <summary>The term this leadership runs under: the fencing token.</summary>
    public LeadershipTerm Term { get; }

    /// <summary>Cancelled the moment this leadership ends; pass it to every leader-only operation.</summary>
    public CancellationToken LeadershipToken { get; }
}
