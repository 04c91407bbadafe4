using System.Net;
using k8s;
using k8s.Autorest;
using PgHa.Chaos.Tests.History;
using PgHa.Election;
using PgHa.Election.Records;
using PgHa.Election.Stores;
using PgHa.Routing;

namespace PgHa.Chaos.Tests.Scenario;

/// <summary>
/// The operator's side, light (as tests/PgHa.Interop.Tests/Support/LockFollower.cs): follows the lock with
/// PgHa.Election's store and asks a <see cref="PrimaryRouter"/> of its own to route the master Service to whichever
/// member it names, under the lock's term; a failed route is asked for again until it is written or the lock moves on.
/// Every request and its outcome goes into the history.
/// </summary>
internal sealed class RouteFollower : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(20);

    private readonly string _name;
    private readonly IKubernetes _client;
    private readonly ILeaderLockStore _store;
    private readonly PrimaryRouter _router;
    private readonly ChaosHistory _history;
    private readonly Func<string, IPAddress> _addressOf;
    private readonly string _namespace;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private (string? Holder, long Transitions)? _routed;
    private long _version;

    public RouteFollower(string name, IKubernetes client, LeaderElectorOptions lockOptions, PrimaryRouterOptions routerOptions, ChaosHistory history, Func<string, IPAddress> addressOf)
    {
        _name = name;
        _client = client;
        _history = history;
        _addressOf = addressOf;
        _namespace = routerOptions.Namespace;
        _store = LockStores.Create(client, lockOptions);
        _router = new PrimaryRouter(client, routerOptions);
        _run = Task.Run(() => RunAsync(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _router.Dispose();
        _client.Dispose();
        _stop.Dispose();
    }

    // The lock's term: its holder and transitions; a released lock keeps its transitions with no holder; a lock never held is below every term.
    internal static RouteTerm Term(LeaderRecord record) => record switch
    {
        { IsHeld: true } => new RouteTerm(record.Holder!, record.Transitions),
        { AcquireTime: null } => RouteTerm.None,
        _ => new RouteTerm(string.Empty, record.Transitions),
    };

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var snapshot = await _store.ReadAsync(cancellationToken);
                await FollowAsync(snapshot, Interlocked.Increment(ref _version), cancellationToken);
                await foreach (var change in _store.WatchAsync(snapshot?.ResourceVersion, cancellationToken))
                {
                    await FollowAsync(change, Interlocked.Increment(ref _version), cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or LockWatchException or OperationCanceledException)
            {
                try
                {
                    await Task.Delay(RetryDelay, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task FollowAsync(LockSnapshot? snapshot, long version, CancellationToken cancellationToken)
    {
        var record = snapshot?.Record ?? LeaderRecord.Free;
        var key = (record.Holder, record.Transitions);
        if (_routed == key)
        {
            return;
        }

        var holder = record.IsHeld ? record.Holder : null;
        var target = holder is null ? null : new PrimaryTarget(holder, _namespace, _addressOf(holder), NodeName: "node-" + holder);
        var term = Term(record);
        for (var attempt = 0; attempt < 50 && !cancellationToken.IsCancellationRequested; attempt++)
        {
            var start = ChaosHistory.Now;
            var result = await _router.RouteAsync(target, term, cancellationToken);
            _history.Add(_history.RouteWrites, new RouteWrite(_name, term, holder, result.Outcome, start, ChaosHistory.Now));
            if (result.Outcome is RouteOutcome.Applied or RouteOutcome.Unchanged or RouteOutcome.Fenced)
            {
                _routed = key;
                return;
            }

            // Failed or lost a race: ask again, unless the lock already moved on (the newer version is routed instead).
            await Task.Delay(RetryDelay, cancellationToken);
            if (Interlocked.Read(ref _version) != version)
            {
                return;
            }
        }
    }
}
