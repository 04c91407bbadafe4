namespace PgHa.Election.Expiry;

/// <summary>
/// One reading of a <see cref="TimeProvider"/>: the monotonic timestamp (for every duration and expiry) and the
/// wall clock (only for values written into records, and for the renew-time policy). Pure code takes readings
/// as input instead of reading the clock itself.
/// </summary>
/// <param name="Timestamp">The monotonic timestamp, <see cref="TimeProvider.GetTimestamp"/>.</param>
/// <param name="UtcNow">The wall clock, <see cref="TimeProvider.GetUtcNow"/>.</param>
/// <param name="Frequency">Timestamp ticks per second, <see cref="TimeProvider.TimestampFrequency"/>.</param>
public readonly record struct ClockReading(long Timestamp, DateTimeOffset UtcNow, long Frequency)
{
    /// <summary>Reads <paramref name="time"/> now.</summary>
    /// <param name="time">The clock.</param>
    public static ClockReading From(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return new ClockReading(time.GetTimestamp(), time.GetUtcNow(), time.TimestampFrequency);
    }

    /// <summary>The timestamp <paramref name="duration"/> after <paramref name="from"/>, saturating instead of overflowing.</summary>
    /// <param name="from">A timestamp of this clock.</param>
    /// <param name="duration">The duration to add (may be negative).</param>
    public long After(long from, TimeSpan duration)
    {
        var ticks = duration.TotalSeconds * Frequency;
        var result = from + ticks;
        return result >= long.MaxValue ? long.MaxValue : result <= long.MinValue ? long.MinValue : (long)Math.Ceiling(result);
    }

    /// <summary>The time from now until <paramref name="timestamp"/> (negative when it has passed).</summary>
    /// <param name="timestamp">A timestamp of this clock.</param>
    public TimeSpan Until(long timestamp) =>
        timestamp == long.MaxValue ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds((double)(timestamp - Timestamp) / Frequency);
}
