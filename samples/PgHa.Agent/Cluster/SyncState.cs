namespace PgHa.Agent.Cluster;

/// <summary>
/// Patroni's <c>&lt;cluster&gt;-sync</c> record: which leader configured which synchronous standby. Only a member it
/// names may take over from a lost leader, because only they are known to hold every acknowledged commit.
/// </summary>
/// <param name="Leader">The leader that wrote the record; null or empty when none did.</param>
/// <param name="SyncStandby">The standby PostgreSQL confirmed as synchronous; null or empty when none is recorded.</param>
internal sealed record SyncState(string? Leader, string? SyncStandby)
{
    public const string LeaderKey = "leader";
    public const string SyncStandbyKey = "sync_standby";

    public static SyncState None { get; } = new(null, null);

    public bool HasLeader => !string.IsNullOrEmpty(Leader);

    public bool HasSyncStandby => !string.IsNullOrEmpty(SyncStandby);

    /// <summary>
    /// Patroni's <c>SyncState.matches</c>: whether <paramref name="member"/> may take over under this record. With no
    /// leader recorded, synchronous replication was never in force and anyone may; otherwise only the recorded leader
    /// and its recorded sync standby may.
    /// </summary>
    public bool Allows(string member) =>
        !HasLeader || string.Equals(Leader, member, StringComparison.Ordinal) || string.Equals(SyncStandby, member, StringComparison.Ordinal);

    /// <summary>Equality as Patroni reads the record: an absent value and an empty one are the same.</summary>
    public bool SameAs(SyncState other) =>
        string.Equals(Leader ?? "", other.Leader ?? "", StringComparison.Ordinal) &&
        string.Equals(SyncStandby ?? "", other.SyncStandby ?? "", StringComparison.Ordinal);

    public static SyncState From(AnnotatedObject? obj) =>
        obj is null ? None : new SyncState(obj.Get(LeaderKey), obj.Get(SyncStandbyKey));

    public IReadOnlyDictionary<string, string?> ToAnnotations() =>
        new Dictionary<string, string?>(StringComparer.Ordinal) { [LeaderKey] = Leader ?? "", [SyncStandbyKey] = SyncStandby ?? "" };
}
