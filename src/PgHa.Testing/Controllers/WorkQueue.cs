using System.Threading.Channels;

namespace PgHa.Testing.Controllers;

/// <summary>
/// A controller's queue with client-go's workqueue rules: a key is queued at most once; a key added
/// while it is being processed is processed again afterwards; failures are retried with exponential
/// backoff. One worker drains it, so a key is never processed twice at the same time.
/// </summary>
internal sealed class WorkQueue<TKey>
    where TKey : notnull
{
    private readonly object _gate = new();
    private readonly HashSet<TKey> _queued = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly HashSet<TKey> _dirty = [];
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly Channel<TKey> _channel = Channel.CreateUnbounded<TKey>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ControllerActivity _activity;
    private readonly TimeProvider _time;

    public WorkQueue(ControllerActivity activity, TimeProvider time)
    {
        _activity = activity;
        _time = time;
    }

    public void Add(TKey key)
    {
        lock (_gate)
        {
            if (_processing.Contains(key))
            {
                if (_dirty.Add(key))
                {
                    _activity.Begin();
                }

                return;
            }

            if (!_queued.Add(key))
            {
                return;
            }

            _activity.Begin();
        }

        _channel.Writer.TryWrite(key);
    }

    /// <summary>Runs the worker until cancelled.</summary>
    public async Task RunAsync(Func<TKey, CancellationToken, Task> process, Action<TKey, Exception> onError, CancellationToken cancellationToken)
    {
        await foreach (var key in _channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            lock (_gate)
            {
                _queued.Remove(key);
                _processing.Add(key);
            }

            var failed = false;
            try
            {
                await process(key, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A controller logs a failed key and retries it; nothing may stop the worker.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failed = true;
                onError(key, e);
            }

            Finish(key, failed, cancellationToken);
        }
    }

    private void Finish(TKey key, bool failed, CancellationToken cancellationToken)
    {
        bool requeue;
        lock (_gate)
        {
            _processing.Remove(key);
            requeue = _dirty.Remove(key);
            if (requeue)
            {
                // The dirty mark already counted as pending work; it becomes the queued entry.
                _queued.Add(key);
            }

            if (!failed)
            {
                _failures.Remove(key);
            }
        }

        if (requeue)
        {
            _channel.Writer.TryWrite(key);
        }

        if (failed)
        {
            int attempts;
            lock (_gate)
            {
                attempts = _failures[key] = _failures.GetValueOrDefault(key) + 1;
            }

            var delay = TimeSpan.FromMilliseconds(Math.Min(1000, 5 * Math.Pow(2, Math.Min(attempts, 10))));
            _ = RetryLaterAsync(key, delay, cancellationToken);
        }

        _activity.End();
    }

    private async Task RetryLaterAsync(TKey key, TimeSpan delay, CancellationToken cancellationToken)
    {
        // The retry counts as pending work until it is queued again, so "idle" never hides a failing key.
        _activity.Begin();
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            Add(key);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _activity.End();
        }
    }
}
