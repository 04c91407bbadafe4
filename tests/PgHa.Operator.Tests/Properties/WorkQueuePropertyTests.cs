using CsCheck;
using Microsoft.Extensions.Time.Testing;
using PgHa.Operator.Queue;

namespace PgHa.Operator.Tests.Properties;

/// <summary>
/// A reconcile asks for its next look after whatever a lock's ttl says, and a lock may declare any ttl a TimeSpan
/// holds: a delayed add must take any delay without throwing (it runs in the worker loop, where a throw ends the
/// worker) and bring the key back no later than asked.
/// </summary>
public sealed class WorkQueuePropertyTests
{
    private static readonly Gen<TimeSpan> Delay = Gen.Frequency(
        (3, Gen.Long[1, TimeSpan.TicksPerHour].Select(TimeSpan.FromTicks)),
        (2, Gen.Long[TimeSpan.TicksPerDay, TimeSpan.MaxValue.Ticks].Select(TimeSpan.FromTicks)),
        (1, Gen.OneOf(TimeSpan.MaxValue, TimeSpan.FromDays(50), TimeSpan.FromDays(49.71), TimeSpan.Zero, TimeSpan.FromTicks(-1), TimeSpan.MinValue)));

    [Fact]
    public void Any_delay_is_taken_on_the_system_clock()
    {
        // The system clock's timers refuse due times beyond about 49.7 days: the one place the limit shows.
        Delay.Array[1, 4].Sample(delays =>
        {
            using var queue = new WorkQueue(TimeProvider.System, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1));
            foreach (var delay in delays)
            {
                queue.AddAfter("default/a", delay);
            }
        }, iter: 300);
    }

    [Fact]
    public void A_delayed_key_comes_back_no_later_than_asked_and_no_later_than_a_day()
    {
        Delay.Sample(delay =>
        {
            var time = new FakeTimeProvider();
            using var queue = new WorkQueue(time, TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(1));

            queue.AddAfter("default/a", delay);
            if (delay > TimeSpan.Zero)
            {
                time.Advance(delay < WorkQueue.MaxDelay ? delay : WorkQueue.MaxDelay);
            }

            queue.Length.Should().Be(1, "a key delayed by {0} is due", delay);
        });
    }
}
