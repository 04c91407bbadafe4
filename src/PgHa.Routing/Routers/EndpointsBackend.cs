using k8s;
using k8s.Models;
using PgHa.Routing.Planning;

namespace PgHa.Routing.Routers;

/// <summary>Writes the route into the master Service's Endpoints (Patroni's <c>use_endpoints</c>); the mirroring controller makes the slice.</summary>
internal sealed class EndpointsBackend : RouteBackend
{
    private readonly ObjectCache<V1Endpoints> _endpoints = new();
    private readonly string _selector;

    public EndpointsBackend(IKubernetes client, PrimaryRouterOptions options)
        : base(client, options)
    {
        _selector = "metadata.name=" + options.EffectiveServiceName;
        Description = $"Endpoints {options.Namespace}/{options.EffectiveServiceName}";
    }

    public override string Description { get; }

    protected override bool RoutePrimed => _endpoints.Primed;

    public override async Task<bool> ExecuteAsync(RouteStep step, CancellationToken cancellationToken)
    {
        var endpoints = (V1Endpoints)step.Object;
        try
        {
            var written = step.Kind == StepKind.Create
                ? await Client.CoreV1.CreateNamespacedEndpointsAsync(endpoints, Options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await Client.CoreV1.ReplaceNamespacedEndpointsAsync(endpoints, endpoints.Name(), Options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            Set(_endpoints, written);
            return true;
        }
        catch (k8s.Autorest.HttpOperationException e) when (IsRace(e, step.Kind))
        {
            return false;
        }
    }

    protected override async Task RefreshRouteAsync(CancellationToken cancellationToken)
    {
        var (items, version) = await ListAsync(cancellationToken).ConfigureAwait(false);
        Replace(_endpoints, items, version);
    }

    protected override RoutePlan PlanRoute(V1Service? service, PrimaryTarget? target, RouteTerm term) =>
        EndpointsPlanner.Plan(Options, service, _endpoints.Get(Options.EffectiveServiceName), target, term);

    protected override Task WatchRouteAsync(Action changed, CancellationToken cancellationToken) => ListWatchAsync(
        _endpoints,
        ListAsync,
        (version, onError, ct) => Client.CoreV1.WatchListNamespacedEndpointsAsync(
            Options.Namespace, fieldSelector: _selector, resourceVersion: version, allowWatchBookmarks: true, onError: onError, cancellationToken: ct),
        changed,
        cancellationToken);

    private async Task<(IList<V1Endpoints> Items, string? Version)> ListAsync(CancellationToken cancellationToken)
    {
        var list = await Client.CoreV1.ListNamespacedEndpointsAsync(Options.Namespace, fieldSelector: _selector, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (list.Items, list.ResourceVersion());
    }
}
