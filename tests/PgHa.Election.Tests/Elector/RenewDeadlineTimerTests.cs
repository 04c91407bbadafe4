using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;
using PgHa.Election.Records;
using PgHa.Election.Stores;
using PgHa.Election.Tests.Support;

namespace PgHa.Election.Tests.Elector;

/// <summary>
/// The renew-deadline timer against a timer that fires early by its clock's resolution. Timers of another clock (the
/// chaos suite's member clocks turn elector time into real time) or of a coarser resolution (System.Threading.Timer
/// counts whole milliseconds; the elector measures with Stopwatch ticks) can call back a little before the deadline by
/// the elector's own clock. The callback must then wait for what is left, not give up: while the loop is busy (here, a
/// renew that met a conflict reads the lock again and the read hangs for the retry timeout), the timer is the only
/// thing that ends leadership at the deadline, before the lease can expire for anyone else.
/// </summary>
public sealed class RenewDeadlineTimerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_deadline_timer_that_fires_early_still_ends_leadership_at_the_deadline_while_the_loop_is_busy()
    {
        var fake = new FakeTimeProvider(Start);
        var time = new EarlyTimers(fake, early: TimeSpan.FromMilliseconds(1));
        var shared = new InMemoryLock();
        var store = new ScriptedStore(shared.For("a"), fake);
        var options = new LeaderElectorOptions
        {
            Scope = "acid-minimal-cluster",
            Identity = "a",
            Ttl = TimeSpan.FromSeconds(10),
            LoopWait = TimeSpan.FromSeconds(2),
            RetryTimeout = TimeSpan.FromSeconds(4),
            RenewDeadline = TimeSpan.FromSeconds(9),
        };
        await using var elector = new LeaderElector(options, store, time);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopped = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        elector.LeadershipStarted += (_, _) => started.TrySetResult();
        elector.LeadershipStopped += (_, e) => stopped.TrySetResult(e.Reason);
        using var stop = new CancellationTokenSource();
        var run = elector.RunAsync(stop.Token);
        try
        {
            // Acquired at Start; the write took 0.3 ms, so the deadline timer is armed with 8999.7 ms left and (1 ms early)
            // calls back at Start + 8999.0 ms. From here every write conflicts and every read hangs.
            await started.Task.WaitAsync(Patience);
            store.ConflictWritesAndHangReads();

            // The renew due at 2 s conflicts; the read that follows hangs until its retry timeout (6 s); the retry after it
            // conflicts too and its read hangs past the deadline. Step until that second read is under way.
            await StepUntilAsync(fake, () => store.HangingReads >= 2, TimeSpan.FromMilliseconds(100));
            fake.GetUtcNow().Should().BeBefore(Start.AddMilliseconds(8999), "the loop must be inside its second read before the deadline");
            elector.IsLeader.Should().BeTrue();

            // Just past the early callback, still before the deadline: leading is still right.
            fake.SetUtcNow(Start.AddMilliseconds(8999.5));
            elector.IsLeader.Should().BeTrue("the deadline is 9 s after the last successful renew started");

            // At the deadline (the loop still hangs in its read until 6.x + 4 s), the timer alone must end leadership.
            // The fake clock calls timers back inside SetUtcNow, and stepping down ends leadership at once.
            fake.SetUtcNow(Start.AddMilliseconds(9000.5));
            elector.IsLeader.Should().BeFalse("the renew deadline has passed and the deadline timer is armed for it");
            (await stopped.Task.WaitAsync(Patience)).Should().Be("could not renew the lock before its renew deadline");
            store.HangingReads.Should().Be(2, "the loop was still waiting for its read: the timer ended leadership, not the loop");
        }
        finally
        {
            // Stopping a member that still leads releases the lock under a retry timeout on its own (fake) clock: move
            // the clock on until the loop has ended, or a failed check above would leave it waiting forever.
            await stop.CancelAsync();
            using var patience = new CancellationTokenSource(Patience);
            while (!run.IsCompleted)
            {
                fake.Advance(TimeSpan.FromSeconds(1));
                await Task.WhenAny(run, Task.Delay(10, patience.Token));
                patience.Token.ThrowIfCancellationRequested();
            }

            await run;
        }
    }

    private static async Task StepUntilAsync(FakeTimeProvider time, Func<bool> condition, TimeSpan step)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            // Each step lets the elector's continuations run (they are scheduled on the thread pool) before the next.
            await Task.Yield();
            if (!SpinWait.SpinUntil(condition, TimeSpan.FromMilliseconds(20)))
            {
                time.Advance(step);
            }

            timeout.Token.ThrowIfCancellationRequested();
        }
    }

    /// <summary>A clock whose timers call back <c>early</c> before their due time (at least one tick after arming).</summary>
    private sealed class EarlyTimers(FakeTimeProvider inner, TimeSpan early) : TimeProvider
    {
        public override long TimestampFrequency => inner.TimestampFrequency;

        public override long GetTimestamp() => inner.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new Timer(inner.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan), early, dueTime, period);

        private sealed class Timer : ITimer
        {
            private readonly ITimer _inner;
            private readonly TimeSpan _early;

            public Timer(ITimer inner, TimeSpan early, TimeSpan dueTime, TimeSpan period)
            {
                _inner = inner;
                _early = early;
                Change(dueTime, period);
            }

            public bool Change(TimeSpan dueTime, TimeSpan period) => _inner.Change(Early(dueTime), Early(period));

            public void Dispose() => _inner.Dispose();

            public ValueTask DisposeAsync() => _inner.DisposeAsync();

            private TimeSpan Early(TimeSpan due) =>
                due == Timeout.InfiniteTimeSpan || due == TimeSpan.Zero ? due : TimeSpan.FromTicks(Math.Max(1, (due - _early).Ticks));
        }
    }

    /// <summary>The in-memory lock, with a 0.3 ms write latency, and on demand writes that conflict and reads that hang.</summary>
    private sealed class ScriptedStore(InMemoryLock.View inner, FakeTimeProvider time) : ILeaderLockStore
    {
        private volatile bool _failing;
        private int _hangingReads;

        public int HangingReads => Volatile.Read(ref _hangingReads);

        public string Description => inner.Description;

        public void ConflictWritesAndHangReads() => _failing = true;

        public async Task<LockSnapshot?> ReadAsync(CancellationToken cancellationToken)
        {
            if (!_failing)
            {
                return await inner.ReadAsync(cancellationToken);
            }

            Interlocked.Increment(ref _hangingReads);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public async Task<LockWriteResult> TryWriteAsync(LeaderRecord record, LockSnapshot? expected, CancellationToken cancellationToken)
        {
            if (_failing)
            {
                return new LockWriteResult(LockWriteOutcome.Conflict);
            }

            time.Advance(TimeSpan.FromMilliseconds(0.3));
            return await inner.TryWriteAsync(record, expected, cancellationToken);
        }

        public async IAsyncEnumerable<LockSnapshot?> WatchAsync(string? resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var snapshot in inner.WatchAsync(resourceVersion, cancellationToken))
            {
                if (_failing)
                {
                    // The watch goes quiet while the API misbehaves.
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }

                yield return snapshot;
            }
        }
    }
}
