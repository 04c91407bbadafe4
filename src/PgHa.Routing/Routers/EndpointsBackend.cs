using k8s;
using k8s.Models;
using PgHa.Routing.Planning;

namespace PgHa.Routing.Routers;

/// <summary>Writes the route into the master Service's Endpoints (Patroni's <c>useRoute</c>); the mirroring controller makes the slice.</summary>
internal sealed class EndpointsBackend : RouteBackend<V1Endpoints>
{
    private readonly string _selector;

    public EndpointsBackend(IKubernetes client, PrimaryRouterOptions options)
        : base(client, options)
    {
        _selector = "metadata.name=" + options.EffectiveServiceName;
        Description = $"Endpoints {options.Namespace}/{options.EffectiveServiceName}";
    }

    public override string Description { get; }

    public override async Task<bool> ExecuteAsync(RouteStep step, CancellationToken cancellationToken)
    {
        var endpoints = (V1Endpoints)step.Object;
        try
        {
            var written = step.Kind == StepKind.Create
                ? await Client.CoreV1.CreateNamespacedEndpointsAsync(endpoints, Options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false)
                : await Client.CoreV1.ReplaceNamespacedEndpointsAsync(endpoints, endpoints.Name(), Options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            Set(Route, written);
            return true;
        }
        catch (k8s.Autorest.HttpOperationException e) when (IsRace(e, step.Kind))
        {
            return false;
        }
    }

    protected override bool IsRoute(V1Endpoints item) => item.Name() == Options.EffectiveServiceName;

    protected override RoutePlan PlanRoute(V1Service? service, PrimaryTarget? target, RouteTerm term) =>
        EndpointsPlanner.Plan(Options, service, Route.Get(Options.EffectiveServiceName), target, term);

    protected override IAsyncEnumerable<(WatchEventType Type, V1Endpoints Object)> Watch(string? version, Action<Exception> onError, CancellationToken cancellationToken) =>
        Client.CoreV1.WatchListNamespacedEndpointsAsync(
            Options.Namespace, fieldSelector: _selector, resourceVersion: version, allowWatchBookmarks: true, onError: onError, cancellationToken: cancellationToken);

    protected override async Task<(IList<V1Endpoints> Items, string? Version)> ListAsync(CancellationToken cancellationToken)
    {
        var list = await Client.CoreV1.ListNamespacedEndpointsAsync(Options.Namespace, fieldSelector: _selector, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (list.Items, list.ResourceVersion());
    }
}
