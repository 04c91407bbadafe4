using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using PgHa.Operator.Diagnostics;

namespace PgHa.Operator.Informers;

/// <summary>Lists the objects of one kind: the items and the list's resourceVersion.</summary>
internal delegate Task<(IReadOnlyList<T> Items, string? Version)> ListFunc<T>(CancellationToken cancellationToken);

/// <summary>Watches the objects of one kind from a resourceVersion.</summary>
internal delegate IAsyncEnumerable<(WatchEventType Type, T? Object)> WatchFunc<T>(string version, Action<Exception> onError, CancellationToken cancellationToken);

/// <summary>
/// client-go's shared informer for one kind: one list, then one watch for every object of the kind (cluster-wide or in
/// one namespace, filtered by label), a store of the latest version of each, and a handler told of every change. A
/// watch that ends or drops is resumed from the last resourceVersion seen (bookmarks included), so nothing is listed
/// again; only a 410 Expired (the history is gone) lists again, and the new list is diffed with the store so the
/// handler hears of exactly what changed meanwhile, deletions included. A periodic resync hands every cached object
/// to the handler again without reading anything.
/// </summary>
/// <typeparam name="T">The kind.</typeparam>
internal sealed class SharedInformer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, T> _store = new(StringComparer.Ordinal);
    private readonly ListFunc<T> _list;
    private readonly WatchFunc<T> _watch;
    private readonly Action<InformerEvent<T>> _handler;
    private readonly TimeSpan _resyncPeriod;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _watchOpened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lists;
    private long _watches;

    public SharedInformer(string kind, ListFunc<T> list, WatchFunc<T> watch, Action<InformerEvent<T>> handler, TimeSpan resyncPeriod, TimeProvider time, ILogger logger)
    {
        Kind = kind;
        _list = list;
        _watch = watch;
        _handler = handler;
        _resyncPeriod = resyncPeriod;
        _time = time;
        _logger = logger;
    }

    /// <summary>The kind, for logs.</summary>
    public string Kind { get; }

    /// <summary>Completes once the first list is in the store and handed to the handler.</summary>
    public Task Synced => _synced.Task;

    /// <summary>How many times the kind was listed (1 plus one per 410).</summary>
    public long Lists => Interlocked.Read(ref _lists);

    /// <summary>How many watches were opened.</summary>
    public long Watches => Interlocked.Read(ref _watches);

    /// <summary>Completes when the next watch is opened (for tests and benchmarks that drop watches on purpose).</summary>
    public Task NextWatch => Volatile.Read(ref _watchOpened).Task;

    /// <summary>The resourceVersion the next watch resumes from.</summary>
    public string? LastVersion { get; private set; }

    /// <summary>The store key of an object: <c>namespace/name</c>, or <c>name</c> for cluster-scoped objects.</summary>
    public static string KeyOf(IKubernetesObject<V1ObjectMeta> item) =>
        item.Namespace() is { Length: > 0 } ns ? ns + "/" + item.Name() : item.Name();

    /// <summary>The cached object with <paramref name="key"/>, or null.</summary>
    public T? Get(string key) => _store.TryGetValue(key, out var item) ? item : null;

    /// <summary>A snapshot of every cached object.</summary>
    public IReadOnlyCollection<T> Items() => _store.Values.ToArray();

    /// <inheritdoc />
    public IEnumerable<IKubernetesObject<V1ObjectMeta>> Objects() => _store.Values;

    /// <summary>Lists and watches until cancelled; failures are logged and retried, never thrown.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var resync = _resyncPeriod > TimeSpan.Zero ? ResyncLoopAsync(cancellationToken) : Task.CompletedTask;
        var backoff = MinBackoff;
        var relist = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (relist)
                {
                    await RelistAsync(cancellationToken).ConfigureAwait(false);
                    relist = false;
                }

                var outcome = await WatchOnceAsync(cancellationToken).ConfigureAwait(false);
                switch (outcome)
                {
                    case WatchEnd.Expired:
                        Log.WatchExpired(_logger, Kind, LastVersion);
                        relist = true;
                        continue;
                    case WatchEnd.Progressed:
                        backoff = MinBackoff;
                        continue;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Gone)
            {
                Log.WatchExpired(_logger, Kind, LastVersion);
                relist = true;
                continue;
            }
#pragma warning disable CA1031 // Any failure of a list or watch is retried: the operator must keep following its clusters.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.WatchFailed(_logger, Kind, e.Message, e);
            }

            try
            {
                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }

        await resync.ConfigureAwait(false);
    }

    private static bool IsExpired(Exception? e) => e switch
    {
        KubernetesException k => k.Status?.Code == 410,
        HttpOperationException h => h.Response?.StatusCode == HttpStatusCode.Gone,
        _ => false,
    };

    // Lists and makes the store equal to the list, telling the handler of each difference.
    private async Task RelistAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lists);
        var (items, version) = await _list(cancellationToken).ConfigureAwait(false);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = KeyOf(item);
            listed.Add(key);
            if (_store.TryGetValue(key, out var cached) && cached.ResourceVersion() == item.ResourceVersion())
            {
                continue;
            }

            _store[key] = item;
            _handler(new InformerEvent<T>(cached is null ? InformerEventKind.Added : InformerEventKind.Modified, item));
        }

        foreach (var (key, cached) in _store)
        {
            if (!listed.Contains(key) && _store.TryRemove(key, out _))
            {
                _handler(new InformerEvent<T>(InformerEventKind.Deleted, cached));
            }
        }

        LastVersion = version;
        _synced.TrySetResult();
    }

    private async Task<WatchEnd> WatchOnceAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _watches);
        Interlocked.Exchange(ref _watchOpened, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        Exception? failure = null;
        var progressed = false;
        await foreach (var (type, item) in _watch(LastVersion ?? "0", e => failure ??= e, cancellationToken).ConfigureAwait(false))
        {
            if (item?.Metadata is null)
            {
                continue;
            }

            progressed = true;
            switch (type)
            {
                case WatchEventType.Added or WatchEventType.Modified:
                    var key = KeyOf(item);
                    var existed = _store.ContainsKey(key);
                    _store[key] = item;
                    _handler(new InformerEvent<T>(existed ? InformerEventKind.Modified : InformerEventKind.Added, item));
                    break;
                case WatchEventType.Deleted:
                    _store.TryRemove(KeyOf(item), out _);
                    _handler(new InformerEvent<T>(InformerEventKind.Deleted, item));
                    break;
            }

            if (item.ResourceVersion() is { Length: > 0 } version)
            {
                LastVersion = version;
            }
        }

        if (IsExpired(failure))
        {
            return WatchEnd.Expired;
        }

        if (failure is not null)
        {
            throw new InvalidOperationException($"the watch of {Kind} failed: {failure.Message}", failure);
        }

        // The server ends watches now and then (its timeout, or a dropped connection): resume from the last version.
        return progressed ? WatchEnd.Progressed : WatchEnd.Ended;
    }

    private async Task ResyncLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(_resyncPeriod, _time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var item in _store.Values)
                {
                    _handler(new InformerEvent<T>(InformerEventKind.Resync, item));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private enum WatchEnd
    {
        Ended,
        Progressed,
        Expired,
    }
}
