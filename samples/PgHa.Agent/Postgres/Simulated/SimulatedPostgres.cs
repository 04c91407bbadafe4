using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PgHa.Agent.Postgres.Simulated;

/// <summary>
/// An in-memory stand-in for a member's PostgreSQL, for machines without it, served over TCP on (host, port) with a
/// line protocol: clients <c>INSERT &lt;id&gt;</c> and <c>SELECT</c> (see <see cref="SimulatedDatabaseConnection"/>);
/// standbys stream with <c>REPLICATE</c> and clone with <c>BASEBACKUP</c>. Honest where the demo and the agent look:
/// a standby is read-only, streams from whatever its address forwards to and reconnects when cut; a synchronous
/// standby must hold a row before its INSERT is acknowledged; a promotion opens a new timeline; a rewind drops rows the
/// new primary lacks; a kill drops every connection at once but keeps the data. Positions are
/// <see cref="SimulatedDatabase.StartPosition"/> + rows x <see cref="SimulatedDatabase.RowBytes"/>.
/// </summary>
public sealed class SimulatedPostgres : IPostgresInstance
{
    private readonly SimulatedDatabase _database = new();
    private readonly ILogger _logger;
    private SimulatedServer? _server;
    private string _downReason = "not running";

    public SimulatedPostgres(string name, string host, int port, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        if (name.Contains(' ', StringComparison.Ordinal))
        {
            throw new ArgumentException("a member's name has no spaces", nameof(name));
        }

        Name = name;
        Host = host;
        Port = port;
        _logger = logger ?? NullLogger.Instance;
    }

    public string Name { get; }

    public string Host { get; }

    public int Port { get; }

    public bool HasData => _database.HasData;

    public int? PostmasterPid => null;

    /// <summary>Every row this member holds, running or not (its "disk"): for tests and the demo's final check.</summary>
    public IReadOnlyList<long> Rows => _database.Rows();

    public Task<string> InitializeAsync(CancellationToken cancellationToken)
    {
        EnsureStopped("initialise");
        if (HasData)
        {
            throw new InvalidOperationException($"{Name} already has a database");
        }

        return Task.FromResult(_database.Initialize());
    }

    public async Task CloneAsync(string primaryHost, int primaryPort, CancellationToken cancellationToken)
    {
        EnsureStopped("clone");
        _database.Restore(await SimulatedSession.FetchBackupAsync(primaryHost, primaryPort, cancellationToken));
    }

    public Task StartAsync(PrimaryAddress? follow, CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            throw new InvalidOperationException($"{Name} is already running");
        }

        if (!HasData)
        {
            throw new InvalidOperationException($"{Name} has no database to start");
        }

        _database.SetRole(primary: follow is null);
        _server = new SimulatedServer(Name, Host, Port, _database, follow, _logger);
        SimulatedLog.Started(_logger, Name, follow is null ? "primary" : $"standby of {follow.Host}:{follow.Port}", Host, Port);
        return Task.CompletedTask;
    }

    public async Task StopAsync(bool immediate, CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            return;
        }

        if (!immediate && _database.IsPrimary)
        {
            // A fast shutdown takes no more commits and ships the WAL to the connected standbys before the WAL
            // senders exit (a bounded wait), so a clean switchover loses nothing.
            _database.BeginShutdown();
            using var shipping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            shipping.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await _database.WaitAsync(_database.ReplicasCaughtUp, shipping.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A standby that does not keep up is not waited for longer.
            }
        }

        await EndServerAsync("not running");
        SimulatedLog.Stopped(_logger, Name, immediate ? "immediate" : "fast");
    }

    public Task PromoteAsync(CancellationToken cancellationToken)
    {
        var server = _server ?? throw new InvalidOperationException($"cannot promote {Name}: it is not running");
        if (!_database.IsPrimary)
        {
            // The WAL receiver stops first; a row it stores before the role changes is still history of the old timeline.
            server.StopReceiving();
            _database.SetRole(primary: true, newTimeline: true);
            var timeline = _database.Status().Timeline;
            SimulatedLog.Promoted(_logger, Name, timeline);
        }

        return Task.CompletedTask;
    }

    public async Task<bool> RewindAsync(PrimaryAddress source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        string reason;
        if (_server is not null)
        {
            reason = "it is running";
        }
        else if (!HasData)
        {
            reason = "it has no data";
        }
        else
        {
            try
            {
                var backup = await SimulatedSession.FetchBackupAsync(source.Host, source.Port, cancellationToken);
                if (_database.Rewind(backup) is { } dropped)
                {
                    SimulatedLog.Rewound(_logger, Name, source.Host, source.Port, dropped);
                    return true;
                }

                reason = "the source belongs to another cluster";
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or FormatException)
            {
                reason = e.Message;
            }
        }

        SimulatedLog.RewindFailed(_logger, Name, source.Host, source.Port, reason);
        return false;
    }

    public Task SetSynchronousStandbyAsync(string? standby, CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            throw new InvalidOperationException($"cannot set the synchronous standby of {Name}: it is not running");
        }

        _database.SetSynchronousStandby(standby);
        return Task.CompletedTask;
    }

    public Task<InstanceStatus> CheckAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_server is null ? InstanceStatus.Down(_downReason) : _database.Status());

    public void Kill()
    {
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            _downReason = "killed";
            SimulatedLog.Killed(_logger, Name);

            // Everything closes now, before Kill returns (a restart may bind the port at once); the handlers finish on their own.
            server.Close();
            _ = server.DisposeAsync().AsTask();
        }
    }

    public async ValueTask DisposeAsync() => await EndServerAsync("disposed");

    private async Task EndServerAsync(string reason)
    {
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            _downReason = reason;
            await server.DisposeAsync();
        }
    }

    private void EnsureStopped(string action)
    {
        if (_server is not null)
        {
            throw new InvalidOperationException($"cannot {action} {Name} while it runs");
        }
    }
}
