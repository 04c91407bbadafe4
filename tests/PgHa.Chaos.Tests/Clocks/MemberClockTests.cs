using PgHa.Chaos.Tests.History;

namespace PgHa.Chaos.Tests.Clocks;

/// <summary>The members' clocks: faster (or drifting) monotonic time and timers, and pauses that hold timers back.</summary>
public sealed class MemberClockTests
{
    [Fact]
    public async Task A_clock_at_rate_2_counts_twice_the_real_time_and_its_timers_fire_after_half_their_due_time()
    {
        var clock = new MemberClock(2);
        var realStart = ChaosHistory.Now;
        var clockStart = clock.GetTimestamp();

        await Task.Delay(TimeSpan.FromMilliseconds(400), clock);

        var real = ChaosHistory.Ms(ChaosHistory.Now - realStart);
        var counted = clock.GetElapsedTime(clockStart).TotalMilliseconds;
        real.Should().BeGreaterThanOrEqualTo(199, "a 400 ms timer of a clock at twice the speed takes 200 ms");
        counted.Should().BeApproximately(real * 2, 2 + (real * 0.01));
        // Real timers count whole milliseconds (System.Threading.Timer) while clocks read Stopwatch ticks, so a timer may
        // call back up to one real millisecond early: Rate ms of this clock. The elector copes with that (see
        // PgHa.Election.Tests RenewDeadlineTimerTests); the clock does not hide it.
        counted.Should().BeGreaterThanOrEqualTo(400 - clock.Rate, "a timer fires at most one real millisecond early");
    }

    [Fact]
    public async Task A_paused_clock_holds_due_timers_until_it_resumes_and_then_fires_them_at_once()
    {
        var clock = new MemberClock(2);
        var fired = 0;
        clock.Pause();
        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromMilliseconds(20), Timeout.InfiniteTimeSpan);

        using (var due = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (clock.HeldTimers == 0)
            {
                await Task.Delay(1, due.Token);
            }
        }

        fired.Should().Be(0, "a frozen member runs nothing");
        clock.Resume();
        fired.Should().Be(1, "the overdue timer runs as the member resumes, before anything else it does");
    }

    [Fact]
    public async Task A_timer_set_again_during_a_pause_forgets_its_old_due_time()
    {
        var clock = new MemberClock(2);
        var fired = 0;
        clock.Pause();
        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);
        using (var due = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (clock.HeldTimers == 0)
            {
                await Task.Delay(1, due.Token);
            }
        }

        timer.Change(TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);
        clock.Resume();

        fired.Should().Be(0);
    }
}
