namespace PgHa.Agent.Postgres;

/// <summary>
/// One member's PostgreSQL, as the agent drives it: bootstrap (initdb or a clone of the primary), start as primary or
/// as a standby that follows the master Service, promote, rewind, stop, and a health check. Implemented by real
/// processes (<c>LocalPostgres</c>) and by an in-memory stand-in for machines without PostgreSQL
/// (<c>SimulatedPostgres</c>). Every method may be called from any thread, but the agent never calls two at once.
/// </summary>
public interface IPostgresInstance : IAsyncDisposable
{
    /// <summary>The member's name (its Pod's name), used as <c>application_name</c> by standbys.</summary>
    string Name { get; }

    /// <summary>The host (an IP address) and port PostgreSQL listens on: the Pod IP and the container port.</summary>
    string Host { get; }

    /// <inheritdoc cref="Host"/>
    int Port { get; }

    /// <summary>Whether the data directory holds a database (initialised or cloned).</summary>
    bool HasData { get; }

    /// <summary>The running postmaster's process id, or null when none runs (always null for a simulated instance).</summary>
    int? PostmasterPid { get; }

    /// <summary>Creates an empty database cluster (initdb) for the member that bootstraps the cluster; returns its system identifier.</summary>
    Task<string> InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the data directory with a base backup of the primary at <paramref name="primaryHost"/>:<paramref name="primaryPort"/>.</summary>
    Task CloneAsync(string primaryHost, int primaryPort, CancellationToken cancellationToken);

    /// <summary>
    /// Starts PostgreSQL: as a primary when <paramref name="follow"/> is null, else as a standby streaming from it
    /// (with <c>application_name</c> = <see cref="Name"/>). Returns once it accepts connections; throws when it cannot start.
    /// </summary>
    Task StartAsync(PrimaryAddress? follow, CancellationToken cancellationToken);

    /// <summary>Stops PostgreSQL (fast shutdown, immediate when <paramref name="immediate"/>); a no-op when it is not running.</summary>
    Task StopAsync(bool immediate, CancellationToken cancellationToken);

    /// <summary>Promotes a running standby and returns once it accepts writes.</summary>
    Task PromoteAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Makes a stopped former primary fit to follow the new one (<c>pg_rewind</c>). Returns false when it cannot
    /// (the caller then clones); true also when nothing had to be rewound.
    /// </summary>
    Task<bool> RewindAsync(PrimaryAddress source, CancellationToken cancellationToken);

    /// <summary>Sets <c>synchronous_standby_names</c> to the one standby named (or none) and reloads the configuration.</summary>
    Task SetSynchronousStandbyAsync(string? standby, CancellationToken cancellationToken);

    /// <summary>A health check: never throws for a stopped or dead server; it reports it.</summary>
    Task<InstanceStatus> CheckAsync(CancellationToken cancellationToken);

    /// <summary>Kills the postmaster with SIGKILL (the demo's failure injection); its backends die with it.</summary>
    void Kill();
}

/// <summary>Where a standby streams from (on Kubernetes: the master Service's DNS name and port).</summary>
/// <param name="Host">A host name or IP address.</param>
/// <param name="Port">The port.</param>
public sealed record PrimaryAddress(string Host, int Port);

/// <summary>What a health check found.</summary>
/// <param name="Running">Whether the server accepted a connection and answered.</param>
/// <param name="InRecovery">Whether it is a standby (<c>pg_is_in_recovery()</c>).</param>
/// <param name="WalPosition">
/// The primary's <c>pg_current_wal_lsn()</c>, or the standby's last received (flushed) position
/// (<c>pg_last_wal_receive_lsn()</c>, else <c>pg_last_wal_replay_lsn()</c>), as a 64-bit LSN; null when unknown.
/// </param>
/// <param name="ReplayPosition">A standby's <c>pg_last_wal_replay_lsn()</c>; the primary's current position.</param>
/// <param name="Timeline">The timeline the server is on; null when unknown.</param>
/// <param name="Standbys">On a primary, the standbys streaming from it (<c>pg_stat_replication</c>).</param>
/// <param name="Error">Why the check failed when <see cref="Running"/> is false (e.g. "connection refused").</param>
public sealed record InstanceStatus(
    bool Running,
    bool InRecovery,
    long? WalPosition,
    long? ReplayPosition,
    int? Timeline,
    IReadOnlyList<StandbyStatus> Standbys,
    string? Error = null)
{
    /// <summary>A server that is not running.</summary>
    public static InstanceStatus Down(string error) => new(false, false, null, null, null, [], error);
}

/// <summary>One row of <c>pg_stat_replication</c>.</summary>
/// <param name="Name">Its <c>application_name</c> (the member's name).</param>
/// <param name="State">Its <c>state</c> (<c>streaming</c>, <c>catchup</c>, ...).</param>
/// <param name="SyncState">Its <c>sync_state</c> (<c>sync</c>, <c>async</c>, <c>potential</c>, <c>quorum</c>).</param>
/// <param name="FlushPosition">Its <c>flush_lsn</c> as a 64-bit LSN.</param>
public sealed record StandbyStatus(string Name, string State, string SyncState, long? FlushPosition);
