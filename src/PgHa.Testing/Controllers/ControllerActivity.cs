namespace PgHa.Testing.Controllers;

/// <summary>
/// Counts queued and running work across all controllers, so tests can wait until the server's
/// controllers have nothing left to do instead of sleeping.
/// </summary>
internal sealed class ControllerActivity
{
    private readonly object _gate = new();
    private int _pending;
    private TaskCompletionSource? _idle;

    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending;
            }
        }
    }

    public void Begin()
    {
        lock (_gate)
        {
            _pending++;
        }
    }

    public void End()
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            _pending--;
            if (_pending == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
    }

    /// <summary>Completes when no work is queued or running.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_pending == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }
}
