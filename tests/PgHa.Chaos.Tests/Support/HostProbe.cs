using PgHa.Chaos.Tests.History;

namespace PgHa.Chaos.Tests.Support;

/// <summary>
/// Measures how late the test host runs timers (the thread pool and the CPU being shared with other test projects):
/// a loop that asks for a short delay and records by how much each one overshot, on the history's clock. The
/// scenarios' verdicts rest on the premise that a member's timers fire within a small fraction of the ttl; a run during
/// which the host stalled longer than that proves nothing either way, so the suite runs such a seed again.
/// </summary>
internal sealed class HostProbe : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);
    private readonly object _gate = new();
    private readonly List<(long At, double LateMs)> _late = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public HostProbe() => _run = Task.Run(RunAsync);

    /// <summary>Overshoots below this are not recorded (ordinary timer resolution).</summary>
    public static double NoiseMs => 5;

    /// <summary>The largest overshoot of a timer between <paramref name="from"/> and <paramref name="to"/>, in ms (0: none above the noise).</summary>
    public double WorstBetween(long from, long to)
    {
        lock (_gate)
        {
            var worst = 0.0;
            for (var i = _late.Count - 1; i >= 0 && _late[i].At >= from; i--)
            {
                if (_late[i].At <= to + ChaosHistory.Ticks(TimeSpan.FromMilliseconds(_late[i].LateMs)))
                {
                    worst = Math.Max(worst, _late[i].LateMs);
                }
            }

            return worst;
        }
    }

    /// <summary>The largest overshoot in the last <paramref name="window"/>.</summary>
    public double WorstRecently(TimeSpan window)
    {
        var now = ChaosHistory.Now;
        return WorstBetween(now - ChaosHistory.Ticks(window), now);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var before = ChaosHistory.Now;
            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var after = ChaosHistory.Now;
            var late = ChaosHistory.Ms(after - before) - Interval.TotalMilliseconds;
            if (late > NoiseMs)
            {
                lock (_gate)
                {
                    _late.Add((after, late));
                }
            }
        }
    }
}
