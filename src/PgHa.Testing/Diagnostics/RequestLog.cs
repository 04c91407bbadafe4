using System.Collections.Concurrent;

namespace PgHa.Testing.Diagnostics;

/// <summary>
/// Every request the server answered: the most recent ones in full (bounded), and running counts by
/// client, verb and resource that are never dropped. Tests and benchmarks read it to count API load.
/// </summary>
public sealed class RequestLog
{
    private readonly object _gate = new();
    private readonly Queue<RequestRecord> _recent = new();
    private readonly int _capacity;
    private readonly ConcurrentDictionary<(string Client, string Verb, string? Resource), long> _counts = new();
    private long _total;

    internal RequestLog(int capacity) => _capacity = Math.Max(1, capacity);

    /// <summary>Raised after each request is recorded; handlers run on the request's thread and must be quick.</summary>
    public event Action<RequestRecord>? Recorded;

    /// <summary>Requests recorded since start or the last <see cref="Reset"/>.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>The most recent requests, oldest first (at most the configured capacity).</summary>
    public IReadOnlyList<RequestRecord> Snapshot()
    {
        lock (_gate)
        {
            return [.. _recent];
        }
    }

    /// <summary>How many requests matched: every argument left null matches anything.</summary>
    /// <param name="client">Client identity to count, or null for all.</param>
    /// <param name="verb">Verb to count, or null for all.</param>
    /// <param name="resource">Resource (<c>plural</c> or <c>plural.group</c>) to count, or null for all.</param>
    public long Count(string? client = null, string? verb = null, string? resource = null)
    {
        long sum = 0;
        foreach (var (key, value) in _counts)
        {
            if ((client is null || key.Client == client) &&
                (verb is null || key.Verb == verb) &&
                (resource is null || key.Resource == resource))
            {
                sum += value;
            }
        }

        return sum;
    }

    /// <summary>The running counts, keyed by client, verb and resource.</summary>
    public IReadOnlyDictionary<(string Client, string Verb, string? Resource), long> Counts() =>
        new Dictionary<(string Client, string Verb, string? Resource), long>(_counts);

    /// <summary>Forgets every record and count.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _recent.Clear();
            _counts.Clear();
            Interlocked.Exchange(ref _total, 0);
        }
    }

    internal void Add(RequestRecord record)
    {
        lock (_gate)
        {
            if (_recent.Count == _capacity)
            {
                _recent.Dequeue();
            }

            _recent.Enqueue(record);
        }

        _counts.AddOrUpdate((record.Client, record.Verb, record.Resource), 1, (_, n) => n + 1);
        Interlocked.Increment(ref _total);
        Recorded?.Invoke(record);
    }
}
