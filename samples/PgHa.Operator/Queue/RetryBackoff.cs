namespace PgHa.Operator.Queue;

/// <summary>
/// Per-key exponential back-off, as client-go's ItemExponentialFailureRateLimiter: the n-th failure in a row waits
/// <c>base * 2^(n-1)</c>, capped; a success (<see cref="Forget"/>) starts the key over.
/// </summary>
internal sealed class RetryBackoff(TimeSpan baseDelay, TimeSpan maxDelay)
{
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);

    /// <summary>Counts a failure of <paramref name="key"/> and returns how long to wait before its retry.</summary>
    public TimeSpan When(string key)
    {
        lock (_failures)
        {
            _failures.TryGetValue(key, out var failures);
            _failures[key] = failures + 1;
            return Delay(failures);
        }
    }

    /// <summary>The failures of <paramref name="key"/> in a row.</summary>
    public int Failures(string key)
    {
        lock (_failures)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>Starts <paramref name="key"/> over after a success.</summary>
    public void Forget(string key)
    {
        lock (_failures)
        {
            _failures.Remove(key);
        }
    }

    private TimeSpan Delay(int previousFailures)
    {
        // 2^62 ticks overflows nothing; beyond that the cap has long been reached.
        var exponent = Math.Min(previousFailures, 62);
        var ticks = baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
