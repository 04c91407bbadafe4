using System.Diagnostics;

namespace PgHa.Chaos.Tests.Clocks;

/// <summary>
/// One member's clock: its monotonic time runs <see cref="Rate"/> times as fast as the real clock (the suite's speed-up
/// times the member's drift), and its timers fire after their due time on that clock. While paused, timers that come
/// due are held back and fire on <see cref="Resume"/>, as a process frozen by a long GC pause sees all its overdue
/// timers at once; the clock itself keeps running, as a monotonic clock does through a pause.
/// </summary>
internal sealed class MemberClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly List<MemberTimer> _held = [];
    private bool _paused;

    /// <param name="rate">Clock seconds per real second; must be positive.</param>
    public MemberClock(double rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        Rate = rate;
    }

    public double Rate { get; }

    public bool IsPaused
    {
        get
        {
            lock (_gate)
            {
                return _paused;
            }
        }
    }

    /// <summary>How many timers came due during the pause and wait for <see cref="Resume"/>.</summary>
    public int HeldTimers
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override long GetTimestamp() => _origin + (long)((Stopwatch.GetTimestamp() - _origin) * Rate);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new MemberTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Freezes the timers: from now on, due timers wait for <see cref="Resume"/>.</summary>
    public void Pause()
    {
        lock (_gate)
        {
            _paused = true;
        }
    }

    /// <summary>Fires every timer that came due during the pause, on the calling thread, in the order they came due; then runs normally.</summary>
    public void Resume()
    {
        List<MemberTimer> held;
        lock (_gate)
        {
            _paused = false;
            held = [.. _held];
            _held.Clear();
        }

        foreach (var timer in held)
        {
            timer.Invoke();
        }
    }

    /// <summary>A real duration for a duration of this clock.</summary>
    internal TimeSpan ToReal(TimeSpan duration) =>
        duration == Timeout.InfiniteTimeSpan || duration <= TimeSpan.Zero ? duration : TimeSpan.FromTicks((long)Math.Ceiling(duration.Ticks / Rate));

    /// <summary>Called when a timer's real due time comes: fire it, or hold it while paused.</summary>
    private void Due(MemberTimer timer)
    {
        lock (_gate)
        {
            if (_paused)
            {
                if (!_held.Contains(timer))
                {
                    _held.Add(timer);
                }

                return;
            }
        }

        timer.Invoke();
    }

    private void Forget(MemberTimer timer)
    {
        lock (_gate)
        {
            _held.Remove(timer);
        }
    }

    /// <summary>A timer of a <see cref="MemberClock"/>: a real timer set to the converted due time.</summary>
    private sealed class MemberTimer : ITimer
    {
        private readonly MemberClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly ITimer _real;
        private volatile bool _disposed;

        public MemberTimer(MemberClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            _real = System.CreateTimer(_ => _clock.Due(this), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }

            // A timer set again no longer fires for its old due time, even if that came during a pause.
            _clock.Forget(this);
            return _real.Change(_clock.ToReal(dueTime), _clock.ToReal(period));
        }

        public void Invoke()
        {
            if (!_disposed)
            {
                _callback(_state);
            }
        }

        public void Dispose()
        {
            _disposed = true;
            _clock.Forget(this);
            _real.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
