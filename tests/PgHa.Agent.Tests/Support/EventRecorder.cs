using PgHa.Testing.Tests.Support;
using System.Collections.Concurrent;

namespace PgHa.Agent.Tests.Support;

/// <summary>Collects every agent's events and checks the one safety rule: never two agents leading at once.</summary>
internal sealed class EventRecorder
{
    private readonly object _gate = new();
    private readonly List<AgentEventArgs> _events = [];
    private readonly ConcurrentDictionary<TaskCompletionSource<AgentEventArgs>, Func<AgentEventArgs, bool>> _waiters = new();

    public void Attach(PostgresAgent agent) => agent.Changed += (_, e) => Add(e);

    public IReadOnlyList<AgentEventArgs> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<AgentEventArgs> Of(string member) => Events.Where(e => e.Member == member).ToList();

    public bool Has(string member, AgentEventKind kind) => Events.Any(e => e.Member == member && e.Kind == kind);

    /// <summary>Waits for an event matching <paramref name="match"/> (one that already happened counts).</summary>
    public async Task<AgentEventArgs> WaitAsync(Func<AgentEventArgs, bool> match, string what, TimeSpan? timeout = null)
    {
        var waiter = new TaskCompletionSource<AgentEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[waiter] = match;
        lock (_gate)
        {
            if (_events.FirstOrDefault(match) is { } done)
            {
                _waiters.TryRemove(waiter, out _);
                return done;
            }
        }

        try
        {
            return await waiter.Task.WaitAsync(timeout ?? TestTimeouts.Default);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out waiting for {what}. Events:{Environment.NewLine}{string.Join(Environment.NewLine, Events)}");
        }
        finally
        {
            _waiters.TryRemove(waiter, out _);
        }
    }

    public Task<AgentEventArgs> WaitAsync(string member, AgentEventKind kind, TimeSpan? timeout = null) =>
        WaitAsync(e => e.Member == member && e.Kind == kind, $"{member}: {kind}", timeout);

    /// <summary>Leadership intervals from LockAcquired to LockReleased/SteppedDown never overlap.</summary>
    public void AssertNeverTwoLeaders()
    {
        var intervals = new List<(string Member, long Start, long End)>();
        foreach (var member in Events.Select(e => e.Member).Distinct())
        {
            long? start = null;
            foreach (var e in Of(member).OrderBy(e => e.Timestamp))
            {
                if (e.Kind == AgentEventKind.LockAcquired)
                {
                    start = e.Timestamp;
                }
                else if (e.Kind is AgentEventKind.LockReleased or AgentEventKind.SteppedDown && start is { } s)
                {
                    intervals.Add((member, s, e.Timestamp));
                    start = null;
                }
            }

            if (start is { } open)
            {
                intervals.Add((member, open, long.MaxValue));
            }
        }

        var ordered = intervals.OrderBy(i => i.Start).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            ordered[i].Start.Should().BeGreaterThan(ordered[i - 1].End,
                $"{ordered[i].Member} started leading while {ordered[i - 1].Member} still led. Events:{Environment.NewLine}{string.Join(Environment.NewLine, Events)}");
        }
    }

    private void Add(AgentEventArgs e)
    {
        lock (_gate)
        {
            _events.Add(e);
        }

        foreach (var (waiter, match) in _waiters)
        {
            if (match(e))
            {
                waiter.TrySetResult(e);
            }
        }
    }
}
