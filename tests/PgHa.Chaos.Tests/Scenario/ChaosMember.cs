using k8s;
using PgHa.Chaos.Tests.Clocks;
using PgHa.Chaos.Tests.History;
using PgHa.Election;
using PgHa.Testing;
using PgHa.Testing.Faults;

namespace PgHa.Chaos.Tests.Scenario;

/// <summary>
/// One member: a real <see cref="LeaderElector"/> on the plan's lock (ConfigMap or Lease), with a client of its own (so fault rules and
/// partitions hit it alone) and a clock of its own (speed-up, drift, pause). Its beliefs go into the history at the
/// exact moments the elector changes its mind, stamped on the real clock.
/// </summary>
internal sealed class ChaosMember : IAsyncDisposable
{
    private readonly KubeApiServer _server;
    private readonly ChaosHistory _history;
    private readonly Func<string, LeaderElectorOptions> _options;
    private Instance? _current;
    private int _instances;

    public ChaosMember(KubeApiServer server, ChaosHistory history, string identity, string clientName, double rate, Func<string, LeaderElectorOptions> options)
    {
        _server = server;
        _history = history;
        _options = options;
        Identity = identity;
        ClientName = clientName;
        Clock = new MemberClock(rate);
    }

    public string Identity { get; }

    public string ClientName { get; }

    public MemberClock Clock { get; }

    public bool IsLeader => _current?.Elector.IsLeader ?? false;

    public void Start()
    {
        var number = ++_instances;
        var client = _server.CreateClient(ClientName);
        var options = _options(Identity);
        var elector = new LeaderElector(options, Election.Stores.LockStores.Create(client, options), Clock);
        elector.TransitionObserver = (leading, _) =>
        {
            var now = ChaosHistory.Now;
            if (leading)
            {
                _history.BeliefStarted(Identity, number, now);
            }
            else
            {
                _history.BeliefEnded(Identity, number, now);
            }
        };

        // Belief lasts until the leadership token is cancelled (a moment after the elector's own step-down mark).
        elector.LeadershipStarted += (_, e) => e.LeadershipToken.Register(() => _history.BeliefEnded(Identity, number, ChaosHistory.Now));
        var stop = new CancellationTokenSource();
        _current = new Instance(client, elector, stop, elector.RunAsync(stop.Token));
    }

    /// <summary>Stops as a crash would: release is off, so nothing is written and the lock expires.</summary>
    public async Task CrashAsync()
    {
        if (Interlocked.Exchange(ref _current, null) is { } instance)
        {
            await instance.DisposeAsync();
        }
    }

    /// <summary>Freezes the member: its timers wait, its requests and streams hang.</summary>
    public void Pause()
    {
        _server.Faults.Partition(ClientName, PartitionMode.Hang);
        Clock.Pause();
    }

    /// <summary>Resumes: overdue timers run first (the deadline step-down among them), then the held requests go on.</summary>
    public void Resume(long pausedAt)
    {
        Clock.Resume();
        _history.Add(_history.FrozenSpans, new Frozen(Identity, pausedAt, ChaosHistory.Now));
        _server.Faults.Heal(ClientName);
    }

    public async ValueTask DisposeAsync()
    {
        if (Clock.IsPaused)
        {
            Clock.Resume();
        }

        await CrashAsync();
    }

    private sealed record Instance(IKubernetes Client, LeaderElector Elector, CancellationTokenSource Stop, Task Run) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            await Run;
            await Elector.DisposeAsync();
            Client.Dispose();
            Stop.Dispose();
        }
    }
}
