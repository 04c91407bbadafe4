using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PgHa.Routing.Planning;

namespace PgHa.Routing.Routers;

/// <summary>
/// One way of writing the route (slices or Endpoints): a cache of the master Service and the route's objects, fed by
/// reads, watches and the backend's own writes; plans from that cache; and the writes of a plan's steps.
/// </summary>
internal abstract class RouteBackend
{
    private readonly ObjectCache<V1Service> _services = new();
    private IKubernetesObject<V1ObjectMeta>? _generated;

    protected RouteBackend(IKubernetes client, PrimaryRouterOptions options)
    {
        Client = client;
        Options = options;
        ServiceSelector = "metadata.name=" + options.EffectiveServiceName;
    }

    /// <summary>The route, for logs: e.g. <c>EndpointSlices of default/acid-minimal-cluster</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Whether both the Service and the route have been read at least once.</summary>
    public bool Primed
    {
        get
        {
            lock (Gate)
            {
                return _services.Primed && RoutePrimed;
            }
        }
    }

    protected IKubernetes Client { get; }

    protected PrimaryRouterOptions Options { get; }

    /// <summary>Guards the caches (the watches, the writers and the planners use them from different threads).</summary>
    protected object Gate { get; } = new();

    protected abstract bool RoutePrimed { get; }

    private string ServiceSelector { get; }

    /// <summary>Reads the Service and the route afresh (two lists, in parallel).</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(RefreshServiceAsync(cancellationToken), RefreshRouteAsync(cancellationToken));

    /// <summary>The plan for routing to <paramref name="target"/> under <paramref name="term"/>, from what the caches hold.</summary>
    public RoutePlan Plan(PrimaryTarget? target, RouteTerm term)
    {
        lock (Gate)
        {
            return PlanRoute(_services.Get(Options.EffectiveServiceName), target, term);
        }
    }

    /// <summary>
    /// Takes in an event about an object that a watch of the caller's saw (a shared informer); objects that are not
    /// this route's Service or route are ignored. True when it changed what the caches hold.
    /// </summary>
    public bool Observe(WatchEventType type, IKubernetesObject<V1ObjectMeta> item)
    {
        if (item.Namespace() != Options.Namespace)
        {
            return false;
        }

        if (item is V1Service service)
        {
            return service.Name() == Options.EffectiveServiceName && Apply(_services, type, service);
        }

        return ObserveRoute(type, item);
    }

    /// <summary>Fills the caches from the caller's complete view (objects that are not this route's are ignored), as a list would.</summary>
    public void Prime(IEnumerable<IKubernetesObject<V1ObjectMeta>> items)
    {
        var ours = items.Where(i => i?.Metadata?.Name is not null && i.Namespace() == Options.Namespace).ToList();
        Replace(_services, ours.OfType<V1Service>().Where(s => s.Name() == Options.EffectiveServiceName), null);
        PrimeRoute(ours);
    }

    /// <summary>The object the last create step made under a generated name (so no other writer's create could conflict with it), once; null if none since.</summary>
    public IKubernetesObject<V1ObjectMeta>? TakeGenerated() => Interlocked.Exchange(ref _generated, null);

    /// <summary>Remembers an object created under a generated name, for <see cref="TakeGenerated"/>.</summary>
    protected void Generated(IKubernetesObject<V1ObjectMeta> created) => Volatile.Write(ref _generated, created);

    /// <summary>Writes one step; false when it lost a compare-and-swap race (the caches are then stale). API failures throw.</summary>
    public abstract Task<bool> ExecuteAsync(RouteStep step, CancellationToken cancellationToken);

    /// <summary>The watches that keep the caches current; each lists, then watches until it fails or the server ends it.</summary>
    public IEnumerable<(string What, Func<Action, CancellationToken, Task> Run)> Watches()
    {
        yield return ($"Service {Options.Namespace}/{Options.EffectiveServiceName}", WatchServiceAsync);
        yield return (Description, WatchRouteAsync);
    }

    protected abstract Task RefreshRouteAsync(CancellationToken cancellationToken);

    protected abstract RoutePlan PlanRoute(V1Service? service, PrimaryTarget? target, RouteTerm term);

    protected abstract Task WatchRouteAsync(Action changed, CancellationToken cancellationToken);

    /// <summary>Takes in an event about an object that may be part of the route.</summary>
    protected abstract bool ObserveRoute(WatchEventType type, IKubernetesObject<V1ObjectMeta> item);

    /// <summary>Fills the route's cache from the caller's view of the namespace, as a list would.</summary>
    protected abstract void PrimeRoute(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> items);

    /// <summary>Applies a watch event to a cache under the gate: added or modified objects are set, deleted ones removed.</summary>
    protected bool Apply<T>(ObjectCache<T> cache, WatchEventType type, T item)
        where T : class, IKubernetesObject<V1ObjectMeta> => type switch
        {
            WatchEventType.Added or WatchEventType.Modified => Set(cache, item),
            WatchEventType.Deleted => Remove(cache, item.Name(), item.ResourceVersion()),
            _ => false,
        };

    /// <summary>Whether a failed write lost a race: a 409, or a 404 for a write based on a read.</summary>
    protected static bool IsRace(HttpOperationException e, StepKind kind) =>
        e.Response?.StatusCode == HttpStatusCode.Conflict || (kind != StepKind.Create && e.Response?.StatusCode == HttpStatusCode.NotFound);

    /// <summary>Applies a list to a cache under the gate.</summary>
    protected bool Replace<T>(ObjectCache<T> cache, IEnumerable<T> items, string? version)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (Gate)
        {
            return cache.Replace(items, version);
        }
    }

    /// <summary>Applies a written or read object to a cache under the gate.</summary>
    protected bool Set<T>(ObjectCache<T> cache, T item)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (Gate)
        {
            return cache.Set(item);
        }
    }

    /// <summary>Applies a deletion to a cache under the gate.</summary>
    protected bool Remove<T>(ObjectCache<T> cache, string name, string? version)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (Gate)
        {
            return cache.Remove(name, version);
        }
    }

    /// <summary>
    /// Lists, takes the list into <paramref name="cache"/>, then watches from the list's version, taking in every event,
    /// and calls <paramref name="changed"/> after each change (and once after the list). Returns when the server ends
    /// the watch; throws when the watch fails.
    /// </summary>
    protected async Task ListWatchAsync<T>(
        ObjectCache<T> cache,
        Func<CancellationToken, Task<(IList<T> Items, string? Version)>> list,
        Func<string?, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Object)>> watch,
        Action changed,
        CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (items, version) = await list(cancellationToken).ConfigureAwait(false);
        Replace(cache, items, version);
        changed();
        Exception? failure = null;
        await foreach (var (type, item) in watch(version, e => failure ??= e, cancellationToken).ConfigureAwait(false))
        {
            var applied = type switch
            {
                WatchEventType.Error => throw new InvalidOperationException($"the watch returned an error event ({KubernetesJson.Serialize(item)})"),
                _ when item?.Metadata?.Name is null => false,
                _ => Apply(cache, type, item),
            };
            if (applied)
            {
                changed();
            }
        }

        if (failure is not null)
        {
            throw new InvalidOperationException("the watch failed: " + failure.Message, failure);
        }
    }

    private async Task RefreshServiceAsync(CancellationToken cancellationToken)
    {
        var list = await Client.CoreV1.ListNamespacedServiceAsync(Options.Namespace, fieldSelector: ServiceSelector, cancellationToken: cancellationToken).ConfigureAwait(false);
        Replace(_services, list.Items, list.ResourceVersion());
    }

    private Task WatchServiceAsync(Action changed, CancellationToken cancellationToken) => ListWatchAsync(
        _services,
        async ct =>
        {
            var list = await Client.CoreV1.ListNamespacedServiceAsync(Options.Namespace, fieldSelector: ServiceSelector, cancellationToken: ct).ConfigureAwait(false);
            return (list.Items, list.ResourceVersion());
        },
        (version, onError, ct) => Client.CoreV1.WatchListNamespacedServiceAsync(
            Options.Namespace, fieldSelector: ServiceSelector, resourceVersion: version, allowWatchBookmarks: true, onError: onError, cancellationToken: ct),
        changed,
        cancellationToken);
}

/// <summary>A <see cref="RouteBackend"/> whose route is objects of kind <typeparamref name="T"/>, listed and watched with one selector.</summary>
/// <typeparam name="T">The route's kind.</typeparam>
internal abstract class RouteBackend<T> : RouteBackend
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    protected RouteBackend(IKubernetes client, PrimaryRouterOptions options)
        : base(client, options)
    {
    }

    /// <summary>The route's objects as last read, written or watched.</summary>
    protected ObjectCache<T> Route { get; } = new();

    protected override bool RoutePrimed => Route.Primed;

    protected override void PrimeRoute(IReadOnlyList<IKubernetesObject<V1ObjectMeta>> items) =>
        Replace(Route, items.OfType<T>().Where(IsRoute), null);

    protected override bool ObserveRoute(WatchEventType type, IKubernetesObject<V1ObjectMeta> item) =>
        item is T route && IsRoute(route) && Apply(Route, type, route);

    /// <summary>Whether <paramref name="item"/> is one of the route's objects (in the route's namespace).</summary>
    protected abstract bool IsRoute(T item);

    protected override async Task RefreshRouteAsync(CancellationToken cancellationToken)
    {
        var (items, version) = await ListAsync(cancellationToken).ConfigureAwait(false);
        Replace(Route, items, version);
    }

    protected override Task WatchRouteAsync(Action changed, CancellationToken cancellationToken) =>
        ListWatchAsync(Route, ListAsync, Watch, changed, cancellationToken);

    /// <summary>Lists the route's objects: the items and the list's resourceVersion.</summary>
    protected abstract Task<(IList<T> Items, string? Version)> ListAsync(CancellationToken cancellationToken);

    /// <summary>Watches the route's objects from <paramref name="version"/>.</summary>
    protected abstract IAsyncEnumerable<(WatchEventType Type, T Object)> Watch(string? version, Action<Exception> onError, CancellationToken cancellationToken);
}
