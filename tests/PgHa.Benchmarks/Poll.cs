using System.Diagnostics;

namespace PgHa.Benchmarks;

/// <summary>Waits, polling, until a probe finds something; the scenarios' timings come from their own records, never from when the poll noticed.</summary>
internal static class Poll
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Returns the first non-null result of <paramref name="probe"/>; throws a <see cref="TimeoutException"/> naming <paramref name="what"/> after 30 s.</summary>
    public static async Task<T> UntilAsync<T>(Func<T?> probe, string what)
        where T : class => (await UntilValueAsync(() => probe() is { } found ? new Box<T>(found) : (Box<T>?)null, what)).Value;

    /// <inheritdoc cref="UntilAsync{T}"/>
    public static async Task<T> UntilValueAsync<T>(Func<T?> probe, string what)
        where T : struct
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (probe() is { } found)
            {
                return found;
            }

            if (clock.Elapsed > Limit)
            {
                throw new TimeoutException($"never saw {what}");
            }

            await Task.Delay(2);
        }
    }

    private readonly record struct Box<T>(T Value);
}
