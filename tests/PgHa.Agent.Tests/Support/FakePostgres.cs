using PgHa.Agent.Postgres;

namespace PgHa.Agent.Tests.Support;

/// <summary>
/// A hand-written in-memory <see cref="IPostgresInstance"/>: records every call, can be killed, made to lag or
/// to stop streaming, and fails the test (via <see cref="ConcurrentCalls"/>) if the agent ever calls it twice at once.
/// </summary>
internal sealed class FakePostgres : IPostgresInstance
{
    public const string SystemId = "7000000000000000001";

    private readonly FakeNetwork _network;
    private readonly List<string> _calls = [];
    private int _inFlight;
    private bool _hasData;
    private bool _running;
    private bool _inRecovery;
    private long _position;
    private int _timeline;
    private string? _syncStandby;
    private PrimaryAddress? _following;
    private long _lag;
    private int _checks;

    public FakePostgres(FakeNetwork network, string name, string host, int port)
    {
        _network = network;
        Name = name;
        Host = host;
        Port = port;
    }

    public string Name { get; }

    public string Host { get; }

    public int Port { get; }

    public bool HasData
    {
        get
        {
            lock (_network.Gate)
            {
                return _hasData;
            }
        }
    }

    public int? PostmasterPid => null;

    /// <summary>How many bytes this standby stays behind its primary.</summary>
    public long Lag
    {
        get
        {
            lock (_network.Gate)
            {
                return _lag;
            }
        }

        set
        {
            lock (_network.Gate)
            {
                _lag = value;
                _network.Changed();
            }
        }
    }

    /// <summary>Whether a running standby streams (shows up in the primary's pg_stat_replication).</summary>
    public bool Streaming { get; set; } = true;

    /// <summary>What <see cref="RewindAsync"/> answers when the source is reachable.</summary>
    public bool RewindSucceeds { get; set; } = true;

    /// <summary>Whether, as a primary, it reports its configured synchronous standby as <c>sync</c> (else <c>potential</c>).</summary>
    public bool ConfirmsSync { get; set; } = true;

    /// <summary>Runs before a <see cref="SetSynchronousStandbyAsync"/> takes effect (to look at the cluster at that moment).</summary>
    public Func<string?, Task>? BeforeSetSync { get; set; }

    /// <summary>How many times the agent called two methods at once (must stay 0).</summary>
    public int ConcurrentCalls { get; private set; }

    public int Kills { get; private set; }

    /// <summary>How many health checks the agent made (one per loop, more while it waits for a sync confirmation).</summary>
    public int Checks => Volatile.Read(ref _checks);

    public bool Running
    {
        get
        {
            lock (_network.Gate)
            {
                return _running;
            }
        }
    }

    public bool InRecovery
    {
        get
        {
            lock (_network.Gate)
            {
                return _inRecovery;
            }
        }
    }

    public long Position
    {
        get
        {
            lock (_network.Gate)
            {
                return _position;
            }
        }
    }

    public string? SyncStandby
    {
        get
        {
            lock (_network.Gate)
            {
                return _syncStandby;
            }
        }
    }

    internal bool RunningUnsafe => _running;

    internal bool InRecoveryUnsafe => _inRecovery;

    internal bool StreamingUnsafe => Streaming;

    internal PrimaryAddress? FollowingUnsafe => _following;

    /// <summary>The calls made so far, e.g. "Start(follow pg.svc:5432)", "Promote".</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Writes <paramref name="bytes"/> of WAL on this primary.</summary>
    public void Write(long bytes)
    {
        lock (_network.Gate)
        {
            _position += bytes;
            _network.Changed();
        }
    }

    /// <summary>WAL up to <paramref name="position"/> arrived at this standby (say, from the archive).</summary>
    public void Receive(long position)
    {
        lock (_network.Gate)
        {
            _position = Math.Max(_position, position);
        }
    }

    public Task<string> InitializeAsync(CancellationToken cancellationToken) => Call("Initialize", () =>
    {
        _hasData = true;
        _position = 1000;
        _timeline = 1;
        return SystemId;
    });

    public Task CloneAsync(string primaryHost, int primaryPort, CancellationToken cancellationToken) => Call($"Clone({primaryHost}:{primaryPort})", () =>
    {
        var source = _network.Resolve(new PrimaryAddress(primaryHost, primaryPort)) ?? throw new IOException("connection refused");
        _hasData = true;
        _position = source._position;
        _timeline = source._timeline;
        return 0;
    });

    public Task StartAsync(PrimaryAddress? follow, CancellationToken cancellationToken) => Call(follow is null ? "Start(primary)" : $"Start(follow {follow.Host}:{follow.Port})", () =>
    {
        if (!_hasData)
        {
            throw new InvalidOperationException("no data directory");
        }

        _running = true;
        _inRecovery = follow is not null;
        _following = follow;
        return 0;
    });

    public Task StopAsync(bool immediate, CancellationToken cancellationToken) => Call(immediate ? "Stop(immediate)" : "Stop(fast)", () =>
    {
        _running = false;
        return 0;
    });

    public Task PromoteAsync(CancellationToken cancellationToken) => Call("Promote", () =>
    {
        if (!_running || !_inRecovery)
        {
            throw new InvalidOperationException("not a running standby");
        }

        _inRecovery = false;
        _following = null;
        _timeline++;
        return 0;
    });

    public Task<bool> RewindAsync(PrimaryAddress source, CancellationToken cancellationToken) => Call($"Rewind({source.Host}:{source.Port})", () =>
    {
        if (_network.Resolve(source) is not { } primary || !RewindSucceeds)
        {
            return false;
        }

        // Diverged WAL is thrown away: the member continues from the new primary's history.
        _position = Math.Min(_position, primary._position);
        _timeline = primary._timeline;
        return true;
    });

    public async Task SetSynchronousStandbyAsync(string? standby, CancellationToken cancellationToken)
    {
        if (BeforeSetSync is { } hook)
        {
            await hook(standby);
        }

        await Call($"SetSync({standby ?? "none"})", () =>
        {
            _syncStandby = standby;
            return 0;
        });
    }

    public Task<InstanceStatus> CheckAsync(CancellationToken cancellationToken) => Call(null, () =>
    {
        _checks++;
        if (!_running)
        {
            return InstanceStatus.Down("connection refused");
        }

        if (_inRecovery)
        {
            return new InstanceStatus(true, true, _position, _position, _timeline, []);
        }

        var standbys = _network.StandbysOfUnsafe(this)
            .Select(s => new StandbyStatus(s.Name, "streaming", s.Name == _syncStandby ? (ConfirmsSync ? "sync" : "potential") : "async", s._position))
            .ToList();
        return new InstanceStatus(true, false, _position, _position, _timeline, standbys);
    });

    public void Kill()
    {
        lock (_network.Gate)
        {
            Kills++;
            _running = false;
            _network.Changed();
        }

        Record("Kill");
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal void CatchUpUnsafe(FakePostgres primary)
    {
        _position = Math.Max(_position, primary._position - _lag);
        _timeline = primary._timeline;
    }

    private Task<T> Call<T>(string? name, Func<T> body)
    {
        if (Interlocked.Increment(ref _inFlight) > 1)
        {
            ConcurrentCalls++;
        }

        try
        {
            if (name is not null)
            {
                Record(name);
            }

            lock (_network.Gate)
            {
                var result = body();
                _network.Changed();
                return Task.FromResult(result);
            }
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void Record(string call)
    {
        lock (_calls)
        {
            _calls.Add(call);
        }
    }
}
