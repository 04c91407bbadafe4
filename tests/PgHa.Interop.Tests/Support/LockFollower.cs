using System.Net;
using k8s;
using k8s.Autorest;
using PgHa.Election;
using PgHa.Election.Records;
using PgHa.Election.Stores;
using PgHa.Routing;

namespace PgHa.Interop.Tests.Support;

/// <summary>
/// What an operator does beside Patroni: follows the lock (read with PgHa.Election's store and codec) and asks
/// PgHa.Routing to route the master Service to whichever member it names, under the lock's term (its transitions).
/// </summary>
internal sealed class LockFollower : IAsyncDisposable
{
    private readonly IKubernetes _client;
    private readonly ILeaderLockStore _store;
    private readonly IPrimaryRouter _router;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private (string? Holder, long Transitions)? _routed;

    public LockFollower(IKubernetes client, LockKind kind, IPrimaryRouter router)
    {
        _client = client;
        _router = router;
        var options = new LeaderElectorOptions { Scope = PatroniCluster.Scope, Identity = "operator", LockKind = kind };
        _store = LockStores.Create(client, options);
        _run = Task.Run(() => RunAsync(_stop.Token));
    }

    public List<RouteResult> Results { get; } = [];

    /// <summary>What the follower asked for and got, for a failing test's message.</summary>
    public string Describe()
    {
        lock (Results)
        {
            return "route results: " + string.Join("; ", Results.Select(r => $"{r.Outcome} ({r.Writes} writes) {r.Detail}"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var snapshot = await _store.ReadAsync(cancellationToken);
                await FollowAsync(snapshot, cancellationToken);
                await foreach (var change in _store.WatchAsync(snapshot?.ResourceVersion, cancellationToken))
                {
                    await FollowAsync(change, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or LockWatchException)
            {
                await Task.Delay(200, CancellationToken.None);
            }
        }
    }

    private async Task FollowAsync(LockSnapshot? snapshot, CancellationToken cancellationToken)
    {
        var record = snapshot?.Record ?? LeaderRecord.Free;
        var key = (record.Holder, record.Transitions);
        if (_routed == key)
        {
            return;
        }

        var target = record.Holder is { Length: > 0 } holder ? await TargetAsync(holder, cancellationToken) : null;
        var result = await _router.RouteAsync(target, Term(record), cancellationToken);
        lock (Results)
        {
            Results.Add(result);
        }

        if (result.Outcome is RouteOutcome.Applied or RouteOutcome.Unchanged or RouteOutcome.Fenced)
        {
            _routed = key;
        }
    }

    // The lock's term: its holder and transitions; a released lock keeps its transitions (and acquireTime) with no
    // holder; a lock never held (no object, or no acquireTime) is below every term, since the first leader holds term 0.
    private static RouteTerm Term(LeaderRecord record) => record switch
    {
        { IsHeld: true } => new RouteTerm(record.Holder!, record.Transitions),
        { AcquireTime: null } => RouteTerm.None,
        _ => new RouteTerm(string.Empty, record.Transitions),
    };

    private async Task<PrimaryTarget?> TargetAsync(string holder, CancellationToken cancellationToken)
    {
        try
        {
            var pod = await _client.CoreV1.ReadNamespacedPodAsync(holder, "default", cancellationToken: cancellationToken);
            return IPAddress.TryParse(pod.Status?.PodIP, out var address)
                ? new PrimaryTarget(holder, "default", address, pod.Spec?.NodeName, PodUid: pod.Metadata.Uid)
                : null;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
