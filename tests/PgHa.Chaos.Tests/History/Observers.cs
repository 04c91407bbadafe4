using k8s;
using k8s.Models;
using PgHa.Election;
using PgHa.Election.Stores;
using PgHa.Routing;
using PgHa.Routing.Resources;

namespace PgHa.Chaos.Tests.History;

/// <summary>
/// The recorders: a client of their own that no fault touches, listing then watching the lock and the route, and
/// writing every version they see into the history with the real time they saw it. After a closed or expired watch
/// they list again and record what changed meanwhile.
/// </summary>
internal sealed class Observers : IAsyncDisposable
{
    private readonly IKubernetes _client;
    private readonly ChaosHistory _history;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _lockListed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _routeListed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _locks;
    private readonly Task _routes;
    private string? _lastLockVersion;
    private readonly Dictionary<string, V1EndpointSlice> _slices = new(StringComparer.Ordinal);
    private string? _lastRouteShape;

    public Observers(IKubernetes client, ChaosHistory history, LeaderElectorOptions lockOptions, PrimaryRouterOptions routerOptions)
    {
        _client = client;
        _history = history;
        var store = LockStores.Create(client, lockOptions);
        _locks = Task.Run(() => FollowLockAsync(store, _stop.Token));
        _routes = Task.Run(() => FollowRouteAsync(routerOptions.Namespace, routerOptions.EffectiveServiceName, _stop.Token));
    }

    /// <summary>Completes once both recorders have listed (and are watching).</summary>
    public Task Listed => Task.WhenAll(_lockListed.Task, _routeListed.Task);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_locks, _routes);
        _client.Dispose();
        _stop.Dispose();
    }

    private async Task FollowLockAsync(ILeaderLockStore store, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var snapshot = await store.ReadAsync(cancellationToken);
                RecordLock(snapshot);
                _lockListed.TrySetResult();
                await foreach (var change in store.WatchAsync(snapshot?.ResourceVersion, cancellationToken))
                {
                    RecordLock(change);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A recorder lists and watches again after any failure.
            catch (Exception)
#pragma warning restore CA1031
            {
                await Pause(cancellationToken);
            }
        }
    }

    private void RecordLock(LockSnapshot? snapshot)
    {
        var at = ChaosHistory.Now;
        if (snapshot is null)
        {
            if (_lastLockVersion is not null)
            {
                _history.Add(_history.Locks, new LockSeen(at, "-", null, -1, new Dictionary<string, string>(), EverHeld: false, Deleted: true));
                _lastLockVersion = null;
            }

            return;
        }

        if (snapshot.ResourceVersion == _lastLockVersion)
        {
            return;
        }

        _lastLockVersion = snapshot.ResourceVersion;
        var record = snapshot.Record;
        _history.Add(_history.Locks, new LockSeen(at, snapshot.ResourceVersion, record.IsHeld ? record.Holder : null, record.Transitions, snapshot.Annotations, record.AcquireTime is not null));
    }

    private async Task FollowRouteAsync(string @namespace, string service, CancellationToken cancellationToken)
    {
        var selector = RouteMetadata.ServiceNameLabel + "=" + service;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var list = await _client.DiscoveryV1.ListNamespacedEndpointSliceAsync(@namespace, labelSelector: selector, cancellationToken: cancellationToken);
                _slices.Clear();
                foreach (var slice in list.Items)
                {
                    _slices[slice.Name()] = slice;
                }

                RecordRoute(list.ResourceVersion());
                _routeListed.TrySetResult();
                await foreach (var (type, slice) in _client.DiscoveryV1.WatchListNamespacedEndpointSliceAsync(
                    @namespace, labelSelector: selector, resourceVersion: list.ResourceVersion(), cancellationToken: cancellationToken))
                {
                    if (type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        _slices[slice.Name()] = slice;
                    }
                    else if (type is WatchEventType.Deleted)
                    {
                        _slices.Remove(slice.Name());
                    }
                    else
                    {
                        continue;
                    }

                    RecordRoute(slice.ResourceVersion());
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A recorder lists and watches again after any failure.
            catch (Exception)
#pragma warning restore CA1031
            {
                await Pause(cancellationToken);
            }
        }
    }

    /// <summary>
    /// Records where the route leads now: kube-proxy sends the Service's traffic to the ready endpoints of all its
    /// slices, so the route is their union (two members joined by '+' when slices disagree), and its term is the
    /// latest any slice carries.
    /// </summary>
    private void RecordRoute(string version)
    {
        var at = ChaosHistory.Now;
        var targets = _slices.Values
            .SelectMany(s => s.Endpoints ?? [])
            .Where(e => e.Conditions?.Ready != false)
            .Select(e => e.TargetRef?.Name ?? string.Join(",", e.Addresses))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var target = targets.Count == 0 ? null : string.Join("+", targets);
        RouteTerm? term = null;
        foreach (var slice in _slices.Values)
        {
            if (slice.Metadata.Annotations is { } a && a.TryGetValue(RouteMetadata.TermAnnotation, out var text) && RouteTerm.TryParse(text, out var parsed) &&
                (term is not { } top || HistoryChecker.Compare(parsed, top) > 0))
            {
                term = parsed;
            }
        }

        var shape = $"{target}|{term}|{_slices.Count}";
        if (shape == _lastRouteShape)
        {
            return;
        }

        _lastRouteShape = shape;
        _history.Add(_history.Routes, new RouteSeen(at, version + (_slices.Count > 1 ? $" ({_slices.Count} slices)" : string.Empty), target, term));
    }

    private static async Task Pause(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(5, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
