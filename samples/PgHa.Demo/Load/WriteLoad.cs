using System.Diagnostics;

namespace PgHa.Demo.Load;

/// <summary>
/// Writes numbered rows through the master Service without pause, as a busy application would, and keeps what the
/// database acknowledged and when; failures drop the connection and the next write reconnects through the Service.
/// </summary>
internal sealed class WriteLoad : IAsyncDisposable
{
    private readonly IDatabaseClient _client;
    private readonly List<(long Id, long At)> _acknowledged = [];
    private readonly List<long> _failures = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;
    private long _next;

    public WriteLoad(IDatabaseClient client) => _client = client;

    /// <summary>The number of writes acknowledged so far.</summary>
    public int AcknowledgedCount
    {
        get
        {
            lock (_acknowledged)
            {
                return _acknowledged.Count;
            }
        }
    }

    /// <summary>The number of failed writes so far.</summary>
    public int FailureCount
    {
        get
        {
            lock (_acknowledged)
            {
                return _failures.Count;
            }
        }
    }

    /// <summary>The last error a write met, for the live view.</summary>
    public string? LastError { get; private set; }

    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>The first acknowledged write at or after <paramref name="since"/> (a monotonic timestamp), or null.</summary>
    public long? FirstAcknowledgedAfter(long since)
    {
        lock (_acknowledged)
        {
            foreach (var (_, at) in _acknowledged)
            {
                if (at >= since)
                {
                    return at;
                }
            }
        }

        return null;
    }

    /// <summary>Waits for the first write acknowledged at or after <paramref name="since"/> and returns its time.</summary>
    public async Task<long> WaitForAcknowledgedAfterAsync(long since, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (FirstAcknowledgedAfter(since) is { } at)
            {
                return at;
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads every row through <paramref name="reader"/> while writes go on: the writes acknowledged before the read
    /// began that the database does not have are lost.
    /// </summary>
    public async Task<IReadOnlyList<long>> LostAsync(IDatabaseClient reader, CancellationToken cancellationToken)
    {
        List<long> acknowledged;
        lock (_acknowledged)
        {
            acknowledged = [.. _acknowledged.Select(a => a.Id)];
        }

        var rows = await ReadAllAsync(reader, cancellationToken).ConfigureAwait(false);
        return [.. acknowledged.Where(id => !rows.Contains(id))];
    }

    /// <summary>
    /// What clients saw between <paramref name="from"/> and <paramref name="to"/>: the longest time between two
    /// acknowledged writes (the client-visible downtime), and whether any write failed in between.
    /// </summary>
    public (TimeSpan LongestGap, int Failures) Downtime(long from, long to)
    {
        lock (_acknowledged)
        {
            var times = _acknowledged.Select(a => a.At).Where(t => t >= from && t <= to).ToList();
            var longest = TimeSpan.Zero;
            var previous = from;
            foreach (var at in times)
            {
                var gap = Stopwatch.GetElapsedTime(previous, at);
                longest = gap > longest ? gap : longest;
                previous = at;
            }

            return (longest, _failures.Count(f => f >= from && f <= to));
        }
    }

    /// <summary>Stops writing and reads back every row: the acknowledged writes the database no longer has are lost.</summary>
    public async Task<(int Acknowledged, IReadOnlyList<long> Lost)> VerifyAsync(CancellationToken cancellationToken)
    {
        await StopAsync().ConfigureAwait(false);
        var rows = await ReadAllAsync(_client, cancellationToken).ConfigureAwait(false);
        lock (_acknowledged)
        {
            return (_acknowledged.Count, [.. _acknowledged.Select(a => a.Id).Where(id => !rows.Contains(id))]);
        }
    }

    private static async Task<IReadOnlySet<long>> ReadAllAsync(IDatabaseClient client, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var present = await client.ReadAllAsync(cancellationToken).ConfigureAwait(false);
                return present as IReadOnlySet<long> ?? present.ToHashSet();
            }
            catch (Exception e) when (attempt < 50 && e is not OperationCanceledException)
            {
                await client.ResetAsync().ConfigureAwait(false);
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _run.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var id = Interlocked.Increment(ref _next);
            try
            {
                await _client.WriteAsync(id, cancellationToken).ConfigureAwait(false);
                lock (_acknowledged)
                {
                    _acknowledged.Add((id, Stopwatch.GetTimestamp()));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failed write is counted and retried through the Service: that is what the demo measures.
            catch (Exception e)
#pragma warning restore CA1031
            {
                lock (_acknowledged)
                {
                    _failures.Add(Stopwatch.GetTimestamp());
                }

                LastError = e.Message;
                await _client.ResetAsync().ConfigureAwait(false);
                try
                {
                    await Task.Delay(20, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
