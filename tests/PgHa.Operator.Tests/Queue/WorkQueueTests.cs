using Microsoft.Extensions.Time.Testing;
using PgHa.Operator.Queue;

namespace PgHa.Operator.Tests.Queue;

/// <summary>The work queue's contract, controller-runtime's: one worker per key, dirty keys run again, back-off, drain.</summary>
public sealed class WorkQueueTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task A_key_added_twice_before_it_is_taken_is_handed_out_once()
    {
        using var queue = NewQueue();
        queue.Add("default/a");
        queue.Add("default/a");
        queue.Add("default/b");

        (await queue.GetAsync(CancellationToken.None)).Should().Be("default/a");
        (await queue.GetAsync(CancellationToken.None)).Should().Be("default/b");
        queue.Length.Should().Be(0);
    }

    [Fact]
    public async Task A_key_is_never_handed_to_two_workers_and_an_add_during_its_work_runs_it_again_after()
    {
        using var queue = NewQueue();
        queue.Add("default/a");
        var key = await queue.GetAsync(CancellationToken.None);

        queue.Add("default/a");
        var second = queue.GetAsync(CancellationToken.None);

        second.IsCompleted.Should().BeFalse("the key is being worked on");
        queue.Length.Should().Be(0);
        queue.Done(key!);
        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Should().Be("default/a", "it was marked dirty while worked on");
    }

    [Fact]
    public async Task A_key_not_added_again_during_its_work_is_not_run_again()
    {
        using var queue = NewQueue();
        queue.Add("default/a");
        queue.Done((await queue.GetAsync(CancellationToken.None))!);

        queue.Length.Should().Be(0);
        queue.Processing.Should().Be(0);
    }

    [Fact]
    public void Back_off_doubles_per_failure_up_to_the_cap_and_a_success_starts_over()
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

        var delays = Enumerable.Range(0, 6).Select(_ => backoff.When("k")).ToList();
        backoff.When("other").Should().Be(TimeSpan.FromMilliseconds(100), "keys back off independently");
        backoff.Forget("k");

        delays.Should().Equal(
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400),
            TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        backoff.When("k").Should().Be(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Back_off_does_not_overflow_after_many_failures()
    {
        var backoff = new RetryBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromMinutes(16));

        var delays = Enumerable.Range(0, 200).Select(_ => backoff.When("k")).ToList();
        var last = delays[^1];

        last.Should().Be(TimeSpan.FromMinutes(16));
    }

    [Fact]
    public async Task A_rate_limited_key_comes_back_after_its_back_off_on_the_injected_clock()
    {
        using var queue = NewQueue();
        queue.AddRateLimited("default/a").Should().Be(TimeSpan.FromMilliseconds(100));
        var next = queue.GetAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromMilliseconds(99));
        next.IsCompleted.Should().BeFalse();
        _time.Advance(TimeSpan.FromMilliseconds(1));

        (await next.WaitAsync(TimeSpan.FromSeconds(5))).Should().Be("default/a");
        queue.Failures("default/a").Should().Be(1);
        queue.Forget("default/a");
        queue.Failures("default/a").Should().Be(0);
    }

    [Fact]
    public async Task Of_two_delayed_adds_of_a_key_the_earlier_wins()
    {
        using var queue = NewQueue();
        queue.AddAfter("default/a", TimeSpan.FromSeconds(30));
        queue.AddAfter("default/a", TimeSpan.FromSeconds(5));
        queue.AddAfter("default/a", TimeSpan.FromSeconds(20));
        var next = queue.GetAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(5));

        (await next.WaitAsync(TimeSpan.FromSeconds(5))).Should().Be("default/a");
    }

    [Fact]
    public async Task Shutting_down_waits_for_keys_in_flight_drops_queued_ones_and_takes_no_more()
    {
        using var queue = NewQueue();
        queue.Add("default/a");
        queue.Add("default/b");
        var inFlight = await queue.GetAsync(CancellationToken.None);

        var drained = queue.ShutDownAsync();
        queue.Add("default/c");

        drained.IsCompleted.Should().BeFalse("a key is in flight");
        (await queue.GetAsync(CancellationToken.None)).Should().BeNull("a shut-down queue hands out nothing");
        queue.Done(inFlight!);
        await drained.WaitAsync(TimeSpan.FromSeconds(5));
        queue.Length.Should().Be(0);
    }

    [Fact]
    public async Task Waiting_workers_are_released_by_shutdown()
    {
        using var queue = NewQueue();
        var waiting = queue.GetAsync(CancellationToken.None);

        await queue.ShutDownAsync();

        (await waiting.WaitAsync(TimeSpan.FromSeconds(5))).Should().BeNull();
    }

    [Fact]
    public async Task Idle_completes_when_the_last_key_is_done()
    {
        using var queue = NewQueue();
        queue.Add("default/a");
        var idle = queue.IdleAsync();
        var key = await queue.GetAsync(CancellationToken.None);
        idle.IsCompleted.Should().BeFalse();

        queue.Done(key!);

        await idle.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Many_workers_never_hold_one_key_at_once()
    {
        using var queue = new WorkQueue(TimeProvider.System, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10));
        var holders = new int[10];
        var violations = 0;
        var runs = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (await queue.GetAsync(CancellationToken.None) is { } key)
            {
                var index = int.Parse(key, System.Globalization.CultureInfo.InvariantCulture);
                if (Interlocked.Increment(ref holders[index]) != 1)
                {
                    Interlocked.Increment(ref violations);
                }

                await Task.Yield();
                Interlocked.Decrement(ref holders[index]);
                Interlocked.Increment(ref runs);
                queue.Done(key);
            }
        })).ToArray();

        for (var i = 0; i < 5000; i++)
        {
            queue.Add((i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await queue.IdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await queue.ShutDownAsync();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(10));

        violations.Should().Be(0);
        runs.Should().BeGreaterThanOrEqualTo(10).And.BeLessThanOrEqualTo(5000);
    }

    private WorkQueue NewQueue() => new(_time, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
}
