using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PgHa.Operator.Clusters;
using PgHa.Operator.Diagnostics;
using PgHa.Operator.Informers;
using PgHa.Operator.Queue;
using PgHa.Routing.Resources;

namespace PgHa.Operator;

/// <summary>
/// PgHa's sample operator for <c>postgresql</c> (acid.zalan.do/v1) resources: for each cluster, the master Service
/// without a selector, the <c>-repl</c> Service and the primary's route, kept on whichever member holds the cluster's
/// lock. It watches the locks and never elects anyone itself.
/// </summary>
/// <remarks>
/// Built like controller-runtime: one shared informer per kind (list, then one cluster-wide watch; resumed from the
/// last resourceVersion when dropped, listed again and diffed on 410), a work queue keyed by cluster that never runs a
/// key twice at once, retries with per-key exponential back-off, and at most
/// <see cref="OperatorOptions.MaxConcurrentReconciles"/> reconciles at once. A reconcile reads only the informers'
/// caches; an idle cluster costs no request at all.
/// </remarks>
public sealed class PostgresOperator : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(10);

    // A lock expires at observedAt + ttl exactly; the re-check lands just after, so the decision sees it expired.
    private static readonly TimeSpan RecheckSlack = TimeSpan.FromMilliseconds(1);

    private readonly OperatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly LockTracker _locks;
    private readonly CancellationTokenSource _informing = new();
    private readonly CancellationTokenSource _reconciling = new();
    private Task? _run;
    private int _started;
    private int _disposed;

    /// <summary>Creates the operator; nothing runs until <see cref="RunAsync"/>.</summary>
    /// <param name="client">The Kubernetes client.</param>
    /// <param name="options">The settings; validated here.</param>
    /// <param name="loggerFactory">Logs; none by default.</param>
    /// <param name="time">The clock for lock expiry, back-off and resync; the system clock by default.</param>
    public PostgresOperator(IKubernetes client, OperatorOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid operator options: " + string.Join(" ", problems), nameof(options));
        }

        _options = options.Snapshot();
        _time = time ?? TimeProvider.System;
        var loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = loggers.CreateLogger("PgHa.Operator");
        _locks = new LockTracker(_time);
        Queue = new WorkQueue(_time, _options.RetryBaseDelay, _options.RetryMaxDelay);
        var factory = new InformerFactory(client, _options, _time, _logger);
        var (routes, locks) = factory.RoutesAndLocks(OnRoute, OnLock);
        Caches = new OperatorCaches
        {
            Postgresqls = factory.Postgresqls(e => Queue.Add(SharedInformer<PostgresqlResource>.KeyOf(e.Object))),
            Pods = factory.Pods(e => Enqueue(e.Object)),
            Services = factory.Services(OnService),
            Routes = routes,
            Locks = locks,
        };
        Reconciler = new ClusterReconciler(client, _options, Caches, _locks, _time, loggers, e => RouteChanged?.Invoke(this, e));
    }

    /// <summary>Raised after a route write that changed where the master Service leads (on a worker; keep handlers short).</summary>
    public event EventHandler<RouteChangedEventArgs>? RouteChanged;

    internal OperatorCaches Caches { get; }

    internal WorkQueue Queue { get; }

    internal ClusterReconciler Reconciler { get; }

    /// <summary>
    /// Runs the informers and the workers until <paramref name="cancellationToken"/> is cancelled, then stops gracefully:
    /// no new events are taken, reconciles in flight finish (cut short after 10 s), and the watches close.
    /// </summary>
    /// <param name="cancellationToken">Stops the operator.</param>
    /// <returns>A task that completes once the operator has stopped.</returns>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("The operator is already running; it runs once.");
        }

        _run = RunCoreAsync(cancellationToken);
        return _run;
    }

    /// <summary>Completes once every informer has listed its kind and every cluster found has been queued.</summary>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>A task that completes when the caches are synced.</returns>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Caches.All.Select(i => i.Synced)).WaitAsync(cancellationToken);

    /// <summary>Stops the operator if it runs (as cancelling <see cref="RunAsync"/>'s token does) and releases its routers.</summary>
    /// <returns>A task that completes once stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _informing.CancelAsync().ConfigureAwait(false);
        if (_run is { } run)
        {
            try
            {
                await run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await Queue.ShutDownAsync().ConfigureAwait(false);
        Reconciler.Dispose();
        _informing.Dispose();
        _reconciling.Dispose();
    }

    private async Task RunCoreAsync(CancellationToken cancellationToken)
    {
        Log.Started(_logger, _options.Namespace ?? "all namespaces", _options.LockKind.ToString(), _options.RoutingMode.ToString(), _options.MaxConcurrentReconciles);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _informing.Token);
        var informers = Caches.All.Select(i => Task.Run(() => i.RunAsync(stop.Token), CancellationToken.None)).ToArray();
        var workers = Array.Empty<Task>();
        try
        {
            // As controller-runtime does: no reconcile before every cache has listed, or a cluster whose lock or Pods are
            // not in yet would be judged leaderless (and a new router primed with half a view).
            await Task.WhenAll(Caches.All.Select(i => i.Synced)).WaitAsync(stop.Token).ConfigureAwait(false);
            workers = Enumerable.Range(0, _options.MaxConcurrentReconciles).Select(_ => Task.Run(WorkAsync, CancellationToken.None)).ToArray();
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        // Stop intake first (no event can queue a key now), then let the reconciles in flight finish.
        await Task.WhenAll(informers).ConfigureAwait(false);
        var drained = Queue.ShutDownAsync();
        if (await Task.WhenAny(drained, Task.Delay(ShutdownGrace, _time, CancellationToken.None)).ConfigureAwait(false) != drained)
        {
            await _reconciling.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        Log.Stopped(_logger);
    }

    private async Task WorkAsync()
    {
        while (await Queue.GetAsync(CancellationToken.None).ConfigureAwait(false) is { } key)
        {
            try
            {
                ReconcileResult result;
                try
                {
                    result = await Reconciler.ReconcileAsync(key, _reconciling.Token).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A bug or bad input in one cluster must not stop the worker: the key is retried with back-off.
                catch (Exception e) when (!_reconciling.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    Log.ReconcileCrashed(_logger, key, e);
                    result = ReconcileResult.Failed(e.Message, e);
                }
                catch (OperationCanceledException)
                {
                    continue;
                }

                if (result.Succeeded)
                {
                    Queue.Forget(key);
                    if (result.RecheckAfter is { } after)
                    {
                        Queue.AddAfter(key, after + RecheckSlack);
                    }
                }
                else
                {
                    var delay = Queue.AddRateLimited(key);
                    Log.ReconcileFailed(_logger, key, result.Error ?? "unknown", Queue.Failures(key), delay.TotalMilliseconds, result.Exception);
                }
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    private void Enqueue(IKubernetesObject<V1ObjectMeta> item)
    {
        if (ClusterNames.ClusterOf(item) is { } cluster && item.Namespace() is { } ns)
        {
            Queue.Add(ClusterNames.Key(ns, cluster));
        }
    }

    private void OnService(InformerEvent<V1Service> e) => OnRoute(e.Object, e.Kind);

    // A Service or route object: the cluster's router takes it in; only a change it did not make itself (drift, a
    // deletion) queues the cluster.
    private void OnRoute(IKubernetesObject<V1ObjectMeta> item, InformerEventKind kind)
    {
        var cluster = ClusterNames.ClusterOf(item) ?? ServiceOf(item);
        if (cluster is null || item.Namespace() is not { } ns)
        {
            return;
        }

        var key = ClusterNames.Key(ns, cluster);
        if (Reconciler.Find(key) is not { } state)
        {
            return;
        }

        var type = kind switch
        {
            InformerEventKind.Added => WatchEventType.Added,
            InformerEventKind.Deleted => WatchEventType.Deleted,
            _ => WatchEventType.Modified,
        };
        if (kind == InformerEventKind.Deleted && item is V1Service)
        {
            state.ServicesStale = true;
            Queue.Add(key);
        }

        if (state.Router.Observe(type, item))
        {
            Queue.Add(key);
        }
    }

    private void OnLock(IKubernetesObject<V1ObjectMeta> item, InformerEventKind kind)
    {
        if (ClusterNames.LockOwner(item, _options.LockKind) is not { } cluster || item.Namespace() is not { } ns)
        {
            return;
        }

        var lockKey = ClusterNames.Key(ns, item.Name());
        if (kind == InformerEventKind.Deleted)
        {
            _locks.Forget(lockKey);
            Queue.Add(ClusterNames.Key(ns, cluster));
        }
        else if (_locks.Observe(lockKey, item))
        {
            Queue.Add(ClusterNames.Key(ns, cluster));
        }
    }

    private static string? ServiceOf(IKubernetesObject<V1ObjectMeta> item) =>
        item.Metadata?.Labels is { } labels && labels.TryGetValue(RouteMetadata.ServiceNameLabel, out var service) ? service : null;
}
