using k8s;
using k8s.Autorest;
using k8s.Models;
using PgHa.Routing.Planning;
using PgHa.Routing.Resources;

namespace PgHa.Routing.Routers;

/// <summary>Writes the route as EndpointSlices that this library manages, owned by the master Service.</summary>
internal sealed class SliceBackend : RouteBackend<V1EndpointSlice>
{
    private readonly string _selector;

    public SliceBackend(IKubernetes client, PrimaryRouterOptions options)
        : base(client, options)
    {
        _selector = RouteMetadata.ServiceNameLabel + "=" + options.EffectiveServiceName;
        Description = $"EndpointSlices of {options.Namespace}/{options.EffectiveServiceName}";
    }

    public override string Description { get; }

    public override async Task<bool> ExecuteAsync(RouteStep step, CancellationToken cancellationToken)
    {
        var slice = (V1EndpointSlice)step.Object;
        try
        {
            switch (step.Kind)
            {
                case StepKind.Create:
                    var created = await Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, Options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
                    Set(Route, created);
                    Generated(created);
                    break;
                case StepKind.Replace:
                    Set(Route, await Client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(slice, slice.Name(), Options.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false));
                    break;
                default:
                    var guard = new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = slice.ResourceVersion(), Uid = slice.Uid() } };
                    await Client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(slice.Name(), Options.Namespace, guard, cancellationToken: cancellationToken).ConfigureAwait(false);
                    Remove(Route, slice.Name(), slice.ResourceVersion());
                    break;
            }

            return true;
        }
        catch (HttpOperationException e) when (step.Kind == StepKind.Delete && e.Response?.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            Remove(Route, slice.Name(), slice.ResourceVersion());
            return true;
        }
        catch (HttpOperationException e) when (IsRace(e, step.Kind))
        {
            return false;
        }
    }

    protected override bool IsRoute(V1EndpointSlice item) => item.GetLabel(RouteMetadata.ServiceNameLabel) == Options.EffectiveServiceName;

    protected override RoutePlan PlanRoute(V1Service? service, PrimaryTarget? target, RouteTerm term) =>
        SlicePlanner.Plan(Options, service, Route.Items, target, term);

    protected override IAsyncEnumerable<(WatchEventType Type, V1EndpointSlice Object)> Watch(string? version, Action<Exception> onError, CancellationToken cancellationToken) =>
        Client.DiscoveryV1.WatchListNamespacedEndpointSliceAsync(
            Options.Namespace, labelSelector: _selector, resourceVersion: version, allowWatchBookmarks: true, onError: onError, cancellationToken: cancellationToken);

    protected override async Task<(IList<V1EndpointSlice> Items, string? Version)> ListAsync(CancellationToken cancellationToken)
    {
        var list = await Client.DiscoveryV1.ListNamespacedEndpointSliceAsync(Options.Namespace, labelSelector: _selector, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (list.Items, list.ResourceVersion());
    }
}
