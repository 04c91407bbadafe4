namespace PgHa.Election.Eligibility;

/// <summary>The cluster's members and the positions they publish (Patroni keeps them in each Pod's <c>status</c> annotation).</summary>
public interface IMemberDirectory
{
    /// <summary>Every member's latest published position.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    ValueTask<IReadOnlyList<MemberPosition>> GetMembersAsync(CancellationToken cancellationToken);
}
