using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using PgHa.Election.Records;
using PgHa.Election.Stores;
using PgHa.Election.Tests.Support;

namespace PgHa.Election.Tests.Elector;

/// <summary>The elector against a substitute store: what it does with conflicts and failures of its writes.</summary>
public sealed class LeaderElectorStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_lost_compare_and_swap_is_not_leadership_the_lock_is_read_again_and_the_next_attempt_waits()
    {
        var store = Substitute.For<ILeaderLockStore>();
        var reads = 0;
        var readAgain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        store.ReadAsync(Arg.Any<CancellationToken>()).Returns(_ =>
        {
            if (Interlocked.Increment(ref reads) == 2)
            {
                readAgain.TrySetResult();
            }

            return Task.FromResult<LockSnapshot?>(null);
        });
        store.WatchAsync(Arg.Any<string?>(), Arg.Any<CancellationToken>()).Returns(call => Never(call.Arg<CancellationToken>()));
        store.TryWriteAsync(Arg.Any<LeaderRecord>(), Arg.Any<LockSnapshot?>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult(new LockWriteResult(LockWriteOutcome.Conflict)));
        await using var elector = new LeaderElector(ElectorHarness.Options("a"), store, _time);
        var started = false;
        elector.LeadershipStarted += (_, _) => started = true;
        using var stop = new CancellationTokenSource();
        var run = elector.RunAsync(stop.Token);

        await readAgain.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var attemptsBeforeRetry = store.ReceivedCalls().Count(c => c.GetMethodInfo().Name == nameof(ILeaderLockStore.TryWriteAsync));
        await stop.CancelAsync();
        await run;

        attemptsBeforeRetry.Should().Be(1, "a conflict is followed by a read, and the next attempt only after the retry interval");
        started.Should().BeFalse();
        elector.IsLeader.Should().BeFalse();
        await store.Received().TryWriteAsync(Arg.Is<LeaderRecord>(r => r.Holder == "a" && r.Transitions == 0), null, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_failed_acquire_is_retried_after_the_retry_interval_not_at_once()
    {
        var store = Substitute.For<ILeaderLockStore>();
        store.ReadAsync(Arg.Any<CancellationToken>()).Returns(Task.FromResult<LockSnapshot?>(null));
        store.WatchAsync(Arg.Any<string?>(), Arg.Any<CancellationToken>()).Returns(call => Never(call.Arg<CancellationToken>()));
        var attempts = System.Threading.Channels.Channel.CreateUnbounded<DateTimeOffset>();
        store.TryWriteAsync(Arg.Any<LeaderRecord>(), Arg.Any<LockSnapshot?>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            attempts.Writer.TryWrite(_time.GetUtcNow());
            return Task.FromResult(new LockWriteResult(LockWriteOutcome.Failed, Error: new HttpRequestException("503")));
        });
        await using var elector = new LeaderElector(ElectorHarness.Options("a"), store, _time);
        using var stop = new CancellationTokenSource();
        var run = elector.RunAsync(stop.Token);

        var first = await attempts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));

        // The elector records the failure after the write returns, on its own thread: the fake clock moves in small
        // steps (letting the elector run between them) rather than in one jump it might not have seen yet.
        var limit = Stopwatch.StartNew();
        DateTimeOffset second;
        while (!attempts.Reader.TryRead(out second))
        {
            limit.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "the failed acquire should be retried");
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(2);
        }

        await stop.CancelAsync();
        await run;

        (second - first).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1), "the retry interval is a quarter loop wait, at most 1 s")
            .And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(1.1), "the retry comes when the interval has passed");
    }

    [Fact]
    public async Task A_release_that_loses_a_race_to_another_writer_reads_the_lock_again_and_releases_it_if_still_held()
    {
        var store = Substitute.For<ILeaderLockStore>();
        var held = new LeaderRecord { Holder = "a", Transitions = 0, AcquireTime = _time.GetUtcNow(), RenewTime = _time.GetUtcNow(), Ttl = TimeSpan.FromSeconds(30) };
        var acquired = Snapshot(held, "1");
        var touched = Snapshot(held, "2");
        store.ReadAsync(Arg.Any<CancellationToken>()).Returns(Task.FromResult<LockSnapshot?>(null), Task.FromResult<LockSnapshot?>(touched));
        store.WatchAsync(Arg.Any<string?>(), Arg.Any<CancellationToken>()).Returns(call => Never(call.Arg<CancellationToken>()));
        store.TryWriteAsync(Arg.Is<LeaderRecord>(r => r.Holder == "a"), null, Arg.Any<CancellationToken>())
            .Returns(Task.FromResult(new LockWriteResult(LockWriteOutcome.Written, acquired)));
        store.TryWriteAsync(Arg.Is<LeaderRecord>(r => r.Holder == null), acquired, Arg.Any<CancellationToken>())
            .Returns(Task.FromResult(new LockWriteResult(LockWriteOutcome.Conflict)));
        store.TryWriteAsync(Arg.Is<LeaderRecord>(r => r.Holder == null), touched, Arg.Any<CancellationToken>())
            .Returns(Task.FromResult(new LockWriteResult(LockWriteOutcome.Written, Snapshot(held with { Holder = null }, "3"))));
        await using var elector = new LeaderElector(ElectorHarness.Options("a"), store, _time);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        elector.LeadershipStarted += (_, _) => started.TrySetResult();
        using var stop = new CancellationTokenSource();
        var run = elector.RunAsync(stop.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(15));

        var released = await elector.ReleaseAsync(CancellationToken.None);
        await stop.CancelAsync();
        await run;

        released.Should().BeTrue("the lock was still this member's: only someone else's annotation had changed it");
        await store.Received(1).TryWriteAsync(Arg.Is<LeaderRecord>(r => r.Holder == null), touched, Arg.Any<CancellationToken>());
    }

    private static LockSnapshot Snapshot(LeaderRecord record, string version) =>
        new(record, null, record.Holder ?? string.Empty, version, new Dictionary<string, string>());

    private static async IAsyncEnumerable<LockSnapshot?> Never([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        yield break;
    }
}
