using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PgHa.Election.Decisions;
using PgHa.Election.Diagnostics;
using PgHa.Election.Eligibility;
using PgHa.Election.Expiry;
using PgHa.Election.Records;
using PgHa.Election.Stores;

namespace PgHa.Election;

/// <summary>
/// Patroni-compatible leader election. Candidates do not poll: they watch the lock and set one timer for the exact
/// instant it expires, taking it at once when it is released. The leader renews every loop wait, retries a failed
/// renew until its renew deadline (measured on its own monotonic clock from the start of its last successful renew),
/// and steps down before that deadline passes, raising <see cref="LeadershipStopped"/> after cancelling the
/// leadership token. Every write is a compare-and-swap; the term (the lock's <c>transitions</c>) is the fencing token.
/// </summary>
public sealed partial class LeaderElector : ILeaderElector
{
    private readonly object _gate = new();
    private readonly LeaderElectorOptions _options;
    private readonly ILeaderLockStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILeaseExpiryPolicy _expiry;
    private readonly IFailoverEligibility _eligibility;
    private readonly IMemberDirectory? _members;
    private readonly Func<CancellationToken, ValueTask<long?>>? _optime;
    private readonly ElectionMetrics _metrics;
    private readonly ElectionTimings _timings;
    private readonly ITimer _deadlineTimer;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Channel<Action> _notifications = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });

    // Guarded by _gate.
    private LockSnapshot? _snapshot;
    private bool _lockRead;
    private LeaseObservation? _observation;
    private Leadership? _leadership;
    private long? _lastFailedAt;
    private long _abstainUntil = long.MinValue;
    private string? _deferredFingerprint;
    private long? _deferUntil;
    private string? _reportedMalformed;
    private string? _observedHolder;
    private TaskCompletionSource _changed = NewSignal();
    private TaskCompletionSource? _stopped;
    private int _running;

    /// <summary>Creates an elector; call <see cref="RunAsync"/> to take part.</summary>
    /// <param name="options">The elector's settings; validated here (and adjusted as Patroni does when <see cref="LeaderElectorOptions.AutoAdjustTimings"/> is set).</param>
    /// <param name="store">Where the lock lives (see <see cref="LockStores"/>).</param>
    /// <param name="time">The clock; null for <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger; null for none.</param>
    /// <param name="eligibility">Decides whether this member may take the lock; null for the options' nofailover flag only.</param>
    /// <param name="members">The members' published positions, for deferring to a healthier member; null to never defer.</param>
    /// <param name="optime">Reads this member's WAL position, written as <c>optime</c> while leading; null to write none.</param>
    /// <param name="meterFactory">Creates the <c>PgHa.Election</c> meter; null for a meter of its own.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names every bad setting.</exception>
    public LeaderElector(
        LeaderElectorOptions options,
        ILeaderLockStore store,
        TimeProvider? time = null,
        ILogger<LeaderElector>? logger = null,
        IFailoverEligibility? eligibility = null,
        IMemberDirectory? members = null,
        Func<CancellationToken, ValueTask<long?>>? optime = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _options = Settle(options, _logger);
        _store = store;
        _time = time ?? TimeProvider.System;
        _expiry = _options.ExpiryPolicy == ExpiryPolicyKind.RenewTime ? new RenewTimeExpiry(_options.ClockSkewAllowance) : ObservedTimeExpiry.Instance;
        _eligibility = eligibility ?? new ReplicationLagEligibility(null, _options.NoFailover, _options.MaximumLagOnFailover);
        _members = members;
        _optime = optime;
        var retryInterval = TimeSpan.FromTicks(Math.Clamp(_options.LoopWait.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(1).Ticks));
        var renewDeadline = _options.StepDownBeforeRenewDeadline ? _options.EffectiveRenewDeadline : NoRenewDeadline;
        _timings = new ElectionTimings(_options.Ttl, _options.LoopWait, renewDeadline, retryInterval, _options.LoopWait);
        _metrics = new ElectionMetrics(meterFactory, _options.Scope, _options.Identity, () => IsLeader);
        _deadlineTimer = _time.CreateTimer(_ => OnRenewDeadline(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc />
    public event EventHandler<LeadershipStartedEventArgs>? LeadershipStarted;

    /// <inheritdoc />
    public event EventHandler<LeadershipStoppedEventArgs>? LeadershipStopped;

    /// <inheritdoc />
    public event EventHandler<LeaderObservedEventArgs>? LeaderObserved;

    /// <inheritdoc />
    public string Identity => _options.Identity;

    /// <summary>
    /// Called synchronously, under the elector's lock, at the exact moment this member starts (true) or stops (false)
    /// believing it leads, with the clock's timestamp. For the safety checks of tests and the chaos suite.
    /// </summary>
    internal Action<bool, long>? TransitionObserver { get; set; }

    /// <summary>
    /// Awaited between the decision to acquire and the acquire itself, for tests that change the lock in that window
    /// (the watch can always deliver a new version there). Null in production.
    /// </summary>
    internal Func<Task>? DecidedToAcquire { get; set; }

    /// <summary>The lock this elector competes for, for logs.</summary>
    public string LockDescription => _store.Description;

    /// <inheritdoc />
    public bool IsLeader
    {
        get
        {
            lock (_gate)
            {
                return _leadership is not null;
            }
        }
    }

    /// <inheritdoc />
    public LeadershipTerm? Term
    {
        get
        {
            lock (_gate)
            {
                return _leadership?.Term;
            }
        }
    }

    /// <inheritdoc />
    public LeaderRecord? ObservedRecord
    {
        get
        {
            lock (_gate)
            {
                return _observation?.Record;
            }
        }
    }

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("The elector is already running.");
        }

        var stopped = NewSignal();
        Volatile.Write(ref _stopped, stopped);
        Volatile.Write(ref _fault, null);
        Volatile.Write(ref _started, 1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        var dispatcher = Task.Run(DispatchAsync, CancellationToken.None);
        var watch = Task.Run(() => WatchAsync(stop.Token), CancellationToken.None);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                Task changed;
                lock (_gate)
                {
                    changed = _changed.Task;
                }

                var action = await DecideAsync(stop.Token).ConfigureAwait(false);
                switch (action.Kind)
                {
                    case ElectionActionKind.Acquire:
                        if (DecidedToAcquire is { } decided)
                        {
                            await decided().ConfigureAwait(false);
                        }

                        await AcquireAsync(stop.Token).ConfigureAwait(false);
                        break;
                    case ElectionActionKind.Renew:
                        await RenewAsync(stop.Token).ConfigureAwait(false);
                        break;
                    case ElectionActionKind.StepDown:
                        StepDown(action.Reason ?? "stepping down", released: false);
                        break;
                    default:
                        await WaitAsync(changed, action.Until, stop.Token).ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: handled below.
        }
        catch (Exception e) when (RecordFault(e))
        {
            // Never entered: the filter only records the fault (for the health check) and lets the exception go on.
            throw;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await StopLeadingAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
            _notifications.Writer.TryComplete();
            await dispatcher.ConfigureAwait(false);
            Volatile.Write(ref _running, 0);
            stopped.TrySetResult();
        }
    }

    /// <inheritdoc />
    public async Task<bool> ReleaseAsync(CancellationToken cancellationToken)
    {
        LockSnapshot? snapshot;
        bool leading;
        lock (_gate)
        {
            leading = _leadership is not null;
            snapshot = _snapshot;
        }

        if (!leading || snapshot is null || !snapshot.Record.IsHeldBy(Identity))
        {
            Log.NotReleased(_logger, Identity, _store.Description, !leading ? "it does not lead" : $"the lock is held by '{snapshot?.Record.Holder}'");
            return false;
        }

        return await ReleaseCoreAsync(snapshot, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops <see cref="RunAsync"/> (releasing the lock if configured) and frees the elector's resources.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        if (Volatile.Read(ref _stopped) is { } stopped)
        {
            await stopped.Task.ConfigureAwait(false);
        }

        await _deadlineTimer.DisposeAsync().ConfigureAwait(false);
        _metrics.Dispose();
        _disposed.Dispose();
    }

    // How far the clock may move while a timer is being set before the timer is set again.
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(1);

    // The renew deadline when the step-down rule is switched off (tests only): far away, yet short enough for a timer.
    private static readonly TimeSpan NoRenewDeadline = TimeSpan.FromDays(30);

    // How many times a release is written when other writers keep changing the lock object meanwhile.
    private const int MaxReleaseAttempts = 3;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static LeaderElectorOptions Settle(LeaderElectorOptions options, ILogger logger)
    {
        var copy = new LeaderElectorOptions
        {
            Scope = options.Scope, Identity = options.Identity, Namespace = options.Namespace, LockKind = options.LockKind,
            LockName = options.LockName, Labels = options.Labels, Ttl = options.Ttl, LoopWait = options.LoopWait,
            RetryTimeout = options.RetryTimeout, RenewDeadline = options.RenewDeadline, AutoAdjustTimings = options.AutoAdjustTimings,
            ExpiryPolicy = options.ExpiryPolicy, ClockSkewAllowance = options.ClockSkewAllowance, ReleaseOnStop = options.ReleaseOnStop,
            NoFailover = options.NoFailover, MaximumLagOnFailover = options.MaximumLagOnFailover, HealthierMemberGrace = options.HealthierMemberGrace,
            StepDownBeforeRenewDeadline = options.StepDownBeforeRenewDeadline,
        };
        // Validated as given (Validate() judges the timings AutoAdjustTimings would set), so the messages are those the
        // options validator reports for the same options.
        var errors = copy.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid LeaderElectorOptions:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "- " + e)), nameof(options));
        }

        var before = (copy.LoopWait, copy.RetryTimeout);
        copy.AdjustTimings();
        if (before != (copy.LoopWait, copy.RetryTimeout))
        {
            Log.TimingsAdjusted(logger, copy.Ttl, copy.LoopWait, copy.RetryTimeout);
        }

        return copy;
    }

    private async Task WaitAsync(Task changed, long until, CancellationToken cancellationToken)
    {
        if (until == long.MaxValue)
        {
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (true)
        {
            // Timers are relative: if the clock moved on while this one was being set (a preempted thread, a
            // fake clock advanced by a test), it would fire that much late. Set it again until the clock held still.
            var before = _time.GetTimestamp();
            var delay = new ClockReading(before, default, _time.TimestampFrequency).Until(until);
            if (delay <= TimeSpan.Zero)
            {
                return;
            }

            var elapsed = Task.Delay(delay, _time, timer.Token);
            if (_time.GetElapsedTime(before) < TimerSlack)
            {
                await Task.WhenAny(changed, elapsed).ConfigureAwait(false);
                await timer.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                return;
            }
        }
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = NewSignal();
        }

        previous.TrySetResult();
    }

    private async Task DispatchAsync()
    {
        await foreach (var notify in _notifications.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            notify();
        }
    }

    private void Notify<TArgs>(EventHandler<TArgs>? handlers, TArgs args, string name)
    {
        _notifications.Writer.TryWrite(() =>
        {
            try
            {
                handlers?.Invoke(this, args);
            }
#pragma warning disable CA1031 // A throwing handler must not stop the election or the events that follow.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.HandlerFailed(_logger, name, Identity, e);
            }
        });
    }

    private sealed class Leadership(LeadershipTerm term, long renewStartedAt)
    {
        public LeadershipTerm Term { get; } = term;

        public long RenewStartedAt { get; set; } = renewStartedAt;

        public CancellationTokenSource Token { get; } = new();
    }
}
