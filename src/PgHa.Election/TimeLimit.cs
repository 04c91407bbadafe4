namespace PgHa.Election;

/// <summary>A cancellation token that fires when an outer token does or after a timeout measured on a <see cref="TimeProvider"/> (so fake clocks drive it in tests).</summary>
internal sealed class TimeLimit : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;

    public TimeLimit(TimeSpan timeout, TimeProvider time, CancellationToken outer)
    {
        _timer = new CancellationTokenSource(timeout, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(outer, _timer.Token);
    }

    public CancellationToken Token => _linked.Token;

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
