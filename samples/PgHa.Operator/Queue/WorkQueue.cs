namespace PgHa.Operator.Queue;

/// <summary>
/// controller-runtime's work queue, keyed by cluster (<c>namespace/name</c>): a key is queued at most once, is handed
/// to one worker at a time, and a key added while a worker has it is marked dirty and handed out again after
/// <see cref="Done"/>. Delayed adds run on the injected <see cref="TimeProvider"/>; failures back off per key.
/// </summary>
internal sealed class WorkQueue : IDisposable
{
    /// <summary>The longest a delayed add waits; later ones come back after this (see <see cref="AddAfter"/>).</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(1);

    private readonly Queue<string> _queue = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (ITimer Timer, long Due)> _delayed = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly RetryBackoff _backoff;
    private readonly object _gate = new();
    private TaskCompletionSource _available = NewSignal();
    private TaskCompletionSource? _drained;
    private TaskCompletionSource? _idle;
    private bool _shuttingDown;

    public WorkQueue(TimeProvider time, TimeSpan retryBaseDelay, TimeSpan retryMaxDelay)
    {
        _time = time;
        _backoff = new RetryBackoff(retryBaseDelay, retryMaxDelay);
    }

    /// <summary>Keys waiting to be handed out.</summary>
    public int Length
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Keys being worked on now.</summary>
    public int Processing
    {
        get
        {
            lock (_gate)
            {
                return _processing.Count;
            }
        }
    }

    /// <summary>Whether the queue has stopped taking keys.</summary>
    public bool ShuttingDown
    {
        get
        {
            lock (_gate)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>Completes when no key is queued or being worked on (now, or next time it happens); delayed adds do not count.</summary>
    public Task IdleAsync()
    {
        lock (_gate)
        {
            if (_queue.Count == 0 && _processing.Count == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    /// <summary>Queues <paramref name="key"/> unless it is queued already; a key being worked on is run again after.</summary>
    public void Add(string key)
    {
        lock (_gate)
        {
            if (_shuttingDown || !_dirty.Add(key) || _processing.Contains(key))
            {
                return;
            }

            _queue.Enqueue(key);
            Signal();
        }
    }

    /// <summary>Queues <paramref name="key"/> after <paramref name="delay"/>; of several delayed adds of one key, the earliest wins.</summary>
    public void AddAfter(string key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        // A timer cannot wait much beyond 49 days (a lock may declare a ttl of years): a key due later comes back after a
        // day instead, early and harmless, as a reconcile schedules its own next recheck.
        if (delay > MaxDelay)
        {
            delay = MaxDelay;
        }

        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }

            var due = _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
            if (_delayed.TryGetValue(key, out var pending))
            {
                if (pending.Due <= due)
                {
                    return;
                }

                pending.Timer.Dispose();
            }

            var timer = _time.CreateTimer(Fire, key, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _delayed[key] = (timer, due);
            timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Queues <paramref name="key"/> after its back-off: one more failure in a row.</summary>
    public TimeSpan AddRateLimited(string key)
    {
        var delay = _backoff.When(key);
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>The failures in a row of <paramref name="key"/>.</summary>
    public int Failures(string key) => _backoff.Failures(key);

    /// <summary>Ends <paramref name="key"/>'s back-off after a success.</summary>
    public void Forget(string key) => _backoff.Forget(key);

    /// <summary>Waits for a key and hands it to the caller, who must call <see cref="Done"/>; null once the queue shuts down.</summary>
    public async Task<string?> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_shuttingDown)
                {
                    return null;
                }

                if (_queue.TryDequeue(out var key))
                {
                    _processing.Add(key);
                    _dirty.Remove(key);
                    return key;
                }

                wait = _available.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Ends the caller's work on <paramref name="key"/>; a key added meanwhile is queued again.</summary>
    public void Done(string key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (!_shuttingDown && _dirty.Contains(key))
            {
                _queue.Enqueue(key);
                Signal();
            }

            if (_shuttingDown && _processing.Count == 0)
            {
                _drained?.TrySetResult();
            }

            if (_queue.Count == 0 && _processing.Count == 0 && _idle is { } idle)
            {
                _idle = null;
                idle.TrySetResult();
            }
        }
    }

    /// <summary>
    /// Stops taking and handing out keys (waiting workers get null) and waits until every key handed out is done:
    /// in-flight reconciles finish, queued ones are dropped.
    /// </summary>
    public Task ShutDownAsync()
    {
        lock (_gate)
        {
            if (!_shuttingDown)
            {
                _shuttingDown = true;
                _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                foreach (var (timer, _) in _delayed.Values)
                {
                    timer.Dispose();
                }

                _delayed.Clear();
                _queue.Clear();
                _dirty.Clear();
                Signal();
                if (_processing.Count == 0)
                {
                    _drained.TrySetResult();
                }
            }

            return _drained!.Task;
        }
    }

    public void Dispose() => _ = ShutDownAsync();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Under the gate: wakes every waiting worker; each takes a key or waits again.
    private void Signal()
    {
        var available = _available;
        _available = NewSignal();
        available.TrySetResult();
    }

    private void Fire(object? state)
    {
        var key = (string)state!;
        lock (_gate)
        {
            if (_delayed.Remove(key, out var pending))
            {
                pending.Timer.Dispose();
            }
        }

        Add(key);
    }
}
