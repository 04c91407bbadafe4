using System.Threading.Channels;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PgHa.Agent.Cluster;
using PgHa.Agent.Diagnostics;
using PgHa.Agent.Eligibility;
using PgHa.Agent.Pods;
using PgHa.Agent.Postgres;
using PgHa.Election;
using PgHa.Election.Eligibility;
using PgHa.Election.Stores;

namespace PgHa.Agent;

/// <summary>
/// One database member's agent, as Patroni is in a Spilo pod: it runs the leader election for its cluster and
/// drives its PostgreSQL to match (bootstrap or promote on gaining the lock; stop, rewind or clone, and follow the
/// master Service on losing it), keeps a confirmed synchronous standby in synchronous mode, and publishes its role
/// and status on its Pod. All PostgreSQL calls are made by one management loop, one at a time; the elector reads
/// only the last health check, so an election step never waits for PostgreSQL.
/// </summary>
public sealed partial class PostgresAgent : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly AgentOptions _options;
    private readonly IPostgresInstance _instance;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LeaderElector _elector;
    private readonly ClusterObjects _objects;
    private readonly PodReporter _pod;
    private readonly IKubernetes _client;
    private readonly CancellationTokenSource _crash = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly Channel<AgentEventArgs> _events = Channel.CreateUnbounded<AgentEventArgs>(new UnboundedChannelOptions { SingleReader = true });

    // Read by the elector's callbacks; written by the management loop.
    private volatile MemberSnapshot _snapshot = new(null, false, false, false);
    private volatile string _role = AgentRoles.Stopped;

    // Guarded by _gate.
    private Leadership? _leadership;
    private Leadership? _lastLeadership;
    private TaskCompletionSource _wake = NewSignal();
    private TaskCompletionSource? _switchover;
    private string? _lastRefusal;
    private Task? _run;

    /// <summary>Creates an agent; call <see cref="RunAsync"/> to start it.</summary>
    /// <param name="client">The Kubernetes client (the agent's own, so faults and request logs can tell agents apart).</param>
    /// <param name="options">The agent's settings; validated here.</param>
    /// <param name="instance">This member's PostgreSQL. The agent does not dispose it.</param>
    /// <param name="loggerFactory">Logging; null for none.</param>
    /// <param name="time">The clock; null for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names every bad setting.</exception>
    public PostgresAgent(IKubernetes client, AgentOptions options, IPostgresInstance instance, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(instance);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid AgentOptions:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "- " + e)), nameof(options));
        }

        _options = options.Clone();
        _client = client;
        _instance = instance;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<PostgresAgent>() ?? NullLogger.Instance;
        _objects = new ClusterObjects(client, _options);
        _pod = new PodReporter(client, _options, instance.Host, instance.Port, _time);
        var electorOptions = _options.ToElectorOptions();
        var eligibility = new AgentEligibility(_options.PodName, _options, _objects, () => _snapshot, OnVerdict);
        _elector = new LeaderElector(
            electorOptions,
            LockStores.Create(client, electorOptions),
            _time,
            loggerFactory?.CreateLogger<LeaderElector>(),
            eligibility,
            members: _options.SynchronousMode ? null : new PodStatusMemberDirectory(client, _options.Namespace, _options.EffectiveMemberLabelSelector),
            optime: _ => ValueTask.FromResult(_snapshot.Status?.WalPosition));
        _elector.LeadershipStarted += OnLeadershipStarted;
        _elector.LeadershipStopped += OnLeadershipStopped;
        _elector.LeaderObserved += (_, _) => Wake();
    }

    /// <summary>Raised, in order and off the management loop, for every transition (see <see cref="AgentEventKind"/>).</summary>
    public event EventHandler<AgentEventArgs>? Changed;

    /// <summary>This member's name (its Pod's).</summary>
    public string Name => _options.PodName;

    /// <summary>What the member is now: <see cref="AgentRoles.Master"/>, <see cref="AgentRoles.Replica"/>, <see cref="AgentRoles.Bootstrapping"/> or <see cref="AgentRoles.Stopped"/>.</summary>
    public string Role => _role;

    /// <summary>
    /// True while the agent acts as leader: from its handling of the lock's acquisition until the moment the
    /// elector's leadership token is cancelled (or the agent starts releasing). Never true while another member's
    /// lock could be valid.
    /// </summary>
    public bool IsLeader => CurrentLeadership() is not null;

    /// <summary>The lock as last observed (its holder, term and optime).</summary>
    public PgHa.Election.Records.LeaderRecord? ObservedLock => _elector.ObservedRecord;

    /// <summary>
    /// Runs the agent until <paramref name="cancellationToken"/> is cancelled, which is a graceful stop (SIGTERM, a
    /// Pod being deleted): a leader stops PostgreSQL (fast shutdown, so no write is accepted once the lock is gone)
    /// and then releases the lock in one write, so a standby takes over at once; a standby just stops PostgreSQL.
    /// </summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_run is not null)
            {
                throw new InvalidOperationException("The agent is already running (an agent runs once).");
            }

            _run = RunCoreAsync(cancellationToken);
            return _run;
        }
    }

    /// <summary>
    /// Simulates losing the node: every loop and API call stops at once, the lock is NOT released (it expires after
    /// the ttl) and PostgreSQL is killed.
    /// </summary>
    public async Task CrashAsync()
    {
        _snapshot = _snapshot with { Stopping = true };
        await _crash.CancelAsync().ConfigureAwait(false);
        Task? run;
        lock (_gate)
        {
            run = _run;
        }

        // The management loop's PostgreSQL call is cancelled; give it a moment to return so the instance is never
        // called twice at once, but a crash does not wait for anything else.
        if (run is not null)
        {
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(1), _time)).ConfigureAwait(false);
        }

        _instance.Kill();
        if (run is not null)
        {
            await run.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A planned switchover from the leader: stops PostgreSQL (a clean shutdown ships all WAL to the standbys),
    /// releases the lock so the synchronous standby takes it, and then rejoins as a standby following the master
    /// Service. Returns once the lock is released; the rejoin continues in the background (see <see cref="Changed"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">This member is not the leader.</exception>
    public async Task SwitchoverAsync(CancellationToken cancellationToken)
    {
        var request = NewSignal();
        lock (_gate)
        {
            if (_leadership is null || _run is null)
            {
                throw new InvalidOperationException($"{Name} is not the leader; only the leader can switch over.");
            }

            _switchover?.TrySetCanceled(CancellationToken.None);
            _switchover = request;
        }

        Wake();
        await request.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the agent gracefully if it runs (as cancelling <see cref="RunAsync"/> does). Does not dispose the PostgreSQL instance.</summary>
    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync().ConfigureAwait(false);
        Task? run;
        lock (_gate)
        {
            run = _run;
        }

        if (run is not null)
        {
            try
            {
                await run.ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Disposal reports nothing: RunAsync's caller saw the failure.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        await _elector.DisposeAsync().ConfigureAwait(false);
        _crash.Dispose();
        _disposed.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task RunCoreAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        var dispatcher = Task.Run(DispatchAsync, CancellationToken.None);
        using var loopStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _crash.Token, _disposed.Token);
        using var electorStop = CancellationTokenSource.CreateLinkedTokenSource(_crash.Token);
        var elector = Task.Run(() => _elector.RunAsync(electorStop.Token), CancellationToken.None);
        try
        {
            await ManageAsync(elector, loopStop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (loopStop.IsCancellationRequested)
        {
            // Stopping: below.
        }
        finally
        {
            if (!_crash.IsCancellationRequested)
            {
                await StopGracefullyAsync().ConfigureAwait(false);
            }

            await electorStop.CancelAsync().ConfigureAwait(false);
            try
            {
                await elector.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            _role = AgentRoles.Stopped;
            Emit(AgentEventKind.Stopped, _crash.IsCancellationRequested ? "crashed" : "stopped gracefully");
            _events.Writer.TryComplete();
            await dispatcher.ConfigureAwait(false);
            lock (_gate)
            {
                _switchover?.TrySetCanceled(CancellationToken.None);
            }
        }
    }

    /// <summary>The leader stops PostgreSQL first, then releases: a write acknowledged after the release could be lost.</summary>
    private async Task StopGracefullyAsync()
    {
        _snapshot = _snapshot with { Stopping = true };
        using var timeout = new CancellationTokenSource(_options.RetryTimeout + _options.RetryTimeout, _time);
        try
        {
            await _instance.StopAsync(immediate: false, timeout.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed stop must not keep the lock from being released.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.StopFailed(_logger, Name, e);
        }

        _snapshot = _snapshot with { Status = InstanceStatus.Down("stopped") };
        try
        {
            await ReleaseLockAsync("graceful stop", timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The release did not finish in time: the lock expires after the ttl, as after a crash.
        }
    }

    private void Wake()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _wake;
            _wake = NewSignal();
        }

        previous.TrySetResult();
    }

    private void Emit(AgentEventKind kind, string? detail, long? timestamp = null)
    {
        var args = new AgentEventArgs(kind, Name, detail, timestamp ?? _time.GetTimestamp());
        Log.Event(_logger, Name, kind, detail);
        _events.Writer.TryWrite(args);
    }

    private async Task DispatchAsync()
    {
        await foreach (var args in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                Changed?.Invoke(this, args);
            }
#pragma warning disable CA1031 // A throwing handler must not stop the agent or the events that follow.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.HandlerFailed(_logger, Name, e);
            }
        }
    }

    private void OnVerdict(EligibilityVerdict verdict)
    {
        string? report = null;
        lock (_gate)
        {
            var reason = verdict.Eligible ? null : verdict.Reason ?? "not eligible";
            if (reason != _lastRefusal)
            {
                _lastRefusal = reason;
                report = reason;
            }
        }

        if (report is not null)
        {
            Emit(AgentEventKind.LeadershipRefused, report);
        }
    }
}
