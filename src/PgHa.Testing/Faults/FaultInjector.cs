using PgHa.Testing.Storage;

namespace PgHa.Testing.Faults;

/// <summary>
/// Seeded fault injection for one server: rules that add latency or answer errors, client partitions,
/// and control of watch streams (close them, expire them with 410, compact the history).
/// The same seed and the same request sequence give the same faults.
/// </summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly Random _random;
    private readonly List<ActiveRule> _rules = [];
    private readonly Dictionary<string, PartitionState> _partitions = new(StringComparer.Ordinal);
    private readonly ObjectStore _store;
    private long _injected;

    // Read without the lock on every request and every watch flush: most runs inject nothing.
    private volatile bool _anyRules;
    private volatile bool _anyPartitions;

    internal FaultInjector(int seed, ObjectStore store)
    {
        _random = new Random(seed);
        _store = store;
    }

    /// <summary>How many requests a rule has hit so far.</summary>
    public long InjectedCount => Interlocked.Read(ref _injected);

    /// <summary>Adds a rule; dispose the returned handle to remove it.</summary>
    /// <param name="rule">The fault to inject.</param>
    /// <exception cref="ArgumentException">The rule's probability is outside [0, 1], a duration is negative, or the status code is not an error code.</exception>
    public IDisposable Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Probability is < 0 or > 1 || double.IsNaN(rule.Probability))
        {
            throw new ArgumentException($"{nameof(FaultRule.Probability)} must be within [0, 1]; it was {rule.Probability}.", nameof(rule));
        }

        if (rule.Latency < TimeSpan.Zero || rule.LatencyJitter < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(FaultRule.Latency)} and {nameof(FaultRule.LatencyJitter)} may not be negative.", nameof(rule));
        }

        if (rule.StatusCode is { } code && (code < 400 || code > 599))
        {
            throw new ArgumentException($"{nameof(FaultRule.StatusCode)} must be an HTTP error code (400-599); it was {code}.", nameof(rule));
        }

        var active = new ActiveRule(this, rule);
        lock (_gate)
        {
            _rules.Add(active);
            _anyRules = true;
        }

        return active;
    }

    /// <summary>Removes every rule and heals every partition.</summary>
    public void Clear()
    {
        List<PartitionState> healed;
        lock (_gate)
        {
            _rules.Clear();
            healed = [.. _partitions.Values];
            _partitions.Clear();
            _anyRules = false;
            _anyPartitions = false;
        }

        foreach (var partition in healed)
        {
            partition.Healed.TrySetResult();
        }
    }

    /// <summary>Cuts one client off: its requests and watch streams hang or fail until <see cref="Heal"/>.</summary>
    /// <param name="client">The client identity.</param>
    /// <param name="mode">Hang (a black hole) or fail (connections reset).</param>
    public void Partition(string client, PartitionMode mode = PartitionMode.Hang)
    {
        ArgumentException.ThrowIfNullOrEmpty(client);
        lock (_gate)
        {
            if (!_partitions.ContainsKey(client))
            {
                _partitions[client] = new PartitionState(mode);
            }

            _anyPartitions = true;
        }

        if (mode == PartitionMode.Fail)
        {
            // Streams already open break too, as they would when the network drops.
            _store.CloseWatches(w => w.Client == client, null);
        }
    }

    /// <summary>Ends a client's partition; stalled requests and streams continue.</summary>
    /// <param name="client">The client identity.</param>
    public void Heal(string client)
    {
        PartitionState? partition;
        lock (_gate)
        {
            _partitions.Remove(client, out partition);
            _anyPartitions = _partitions.Count > 0;
        }

        partition?.Healed.TrySetResult();
    }

    /// <summary>Ends every open watch stream that matches (plain end of stream: clients resume from their last resourceVersion).</summary>
    /// <param name="client">Only this client's watches, or null for all.</param>
    /// <param name="resource">Only watches of this resource (<c>plural</c> or <c>plural.group</c>), or null for all.</param>
    /// <returns>The number of streams closed.</returns>
    public int CloseWatches(string? client = null, string? resource = null) =>
        _store.CloseWatches(w => Selects(w, client, resource), null);

    /// <summary>
    /// Expires every matching watch: the stream gets an ERROR event with a 410 Expired Status and ends, and
    /// the history is compacted so a resume from any earlier resourceVersion gets 410 too (the client must re-list).
    /// </summary>
    /// <param name="client">Only this client's watches, or null for all.</param>
    /// <param name="resource">Only watches of this resource, or null for all.</param>
    /// <returns>The number of streams expired.</returns>
    public int ExpireWatches(string? client = null, string? resource = null)
    {
        _store.Compact();
        var status = Api.ApiException.Expired("too old resource version: the watch was expired by fault injection").ToStatus();
        return _store.CloseWatches(w => Selects(w, client, resource), Json.JsonTree.ToUtf8(status));
    }

    /// <summary>Compacts the watch history: resuming a watch from any earlier resourceVersion now answers 410 Gone.</summary>
    public void CompactHistory() => _store.Compact();

    internal bool TryGetPartition(string client, out PartitionMode mode, out Task healed)
    {
        mode = default;
        healed = Task.CompletedTask;
        if (!_anyPartitions)
        {
            return false;
        }

        lock (_gate)
        {
            if (_partitions.Count > 0 && _partitions.TryGetValue(client, out var partition))
            {
                mode = partition.Mode;
                healed = partition.Healed.Task;
                return true;
            }
        }

        return false;
    }

    internal FaultDecision Decide(string client, string verb, string? resource, string? @namespace, string? name)
    {
        if (!_anyRules)
        {
            return FaultDecision.None;
        }

        lock (_gate)
        {
            if (_rules.Count == 0)
            {
                return FaultDecision.None;
            }

            var delay = TimeSpan.Zero;
            int? status = null;
            var after = false;
            for (var i = 0; i < _rules.Count; i++)
            {
                var active = _rules[i];
                var rule = active.Rule;
                if (!Matches(rule, client, verb, resource, @namespace, name) ||
                    (rule.Probability < 1 && _random.NextDouble() >= rule.Probability))
                {
                    continue;
                }

                delay += rule.Latency;
                if (rule.LatencyJitter > TimeSpan.Zero)
                {
                    delay += TimeSpan.FromTicks((long)(_random.NextDouble() * rule.LatencyJitter.Ticks));
                }

                if (status is null && rule.StatusCode is { } code)
                {
                    status = code;
                    after = rule.AfterHandling;
                }

                active.Fired++;
                if (rule.MaxCount is { } max && active.Fired >= max)
                {
                    _rules.RemoveAt(i);
                    i--;
                    _anyRules = _rules.Count > 0;
                }
            }

            var decision = new FaultDecision(delay, status, after);
            if (!decision.IsNone)
            {
                _injected++;
            }

            return decision;
        }
    }

    private static bool Matches(FaultRule rule, string client, string verb, string? resource, string? @namespace, string? name) =>
        (rule.Client is null || rule.Client == client) &&
        (rule.Verb is null || rule.Verb == verb) &&
        (rule.Resource is null || rule.Resource == resource) &&
        (rule.Namespace is null || rule.Namespace == @namespace) &&
        (rule.Name is null || rule.Name == name);

    private static bool Selects(WatchSubscription watch, string? client, string? resource) =>
        (client is null || watch.Client == client) && (resource is null || watch.Type.GroupResource == resource);

    private void Remove(ActiveRule rule)
    {
        lock (_gate)
        {
            _rules.Remove(rule);
            _anyRules = _rules.Count > 0;
        }
    }

    private sealed class ActiveRule(FaultInjector owner, FaultRule rule) : IDisposable
    {
        public FaultRule Rule { get; } = rule;

        public int Fired { get; set; }

        public void Dispose() => owner.Remove(this);
    }

    private sealed class PartitionState(PartitionMode mode)
    {
        public PartitionMode Mode { get; } = mode;

        public TaskCompletionSource Healed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
