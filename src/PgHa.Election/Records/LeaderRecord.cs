namespace PgHa.Election.Records;

/// <summary>
/// The leader lock as data: who holds it, since when, when it was last renewed, for how long it lasts,
/// how many times the holder changed (the term) and the leader's WAL position. Immutable.
/// </summary>
public sealed record LeaderRecord
{
    /// <summary>An unheld lock.</summary>
    public static LeaderRecord Free { get; } = new();

    /// <summary>The holder's identity, or null when the lock is free.</summary>
    public string? Holder { get; init; }

    /// <summary>When the current holder took the lock.</summary>
    public DateTimeOffset? AcquireTime { get; init; }

    /// <summary>When the holder last renewed the lock (the writer's wall clock; expiry does not trust it by default).</summary>
    public DateTimeOffset? RenewTime { get; init; }

    /// <summary>How many times the holder changed; the fencing term.</summary>
    public long Transitions { get; init; }

    /// <summary>The lease duration the holder declared, or null when the record does not say.</summary>
    public TimeSpan? Ttl { get; init; }

    /// <summary>The leader's last WAL position in bytes, when published.</summary>
    public long? Optime { get; init; }

    /// <summary>True when someone holds the lock.</summary>
    public bool IsHeld => !string.IsNullOrEmpty(Holder);

    /// <summary>True when <paramref name="identity"/> holds the lock.</summary>
    /// <param name="identity">A member identity.</param>
    public bool IsHeldBy(string identity) => IsHeld && string.Equals(Holder, identity, StringComparison.Ordinal);
}
