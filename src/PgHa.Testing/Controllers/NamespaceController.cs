using Microsoft.Extensions.Logging;
using PgHa.Testing.Api;
using PgHa.Testing.Resources;
using PgHa.Testing.Storage;

namespace PgHa.Testing.Controllers;

/// <summary>
/// Finishes namespace deletion as kube's namespace controller does: deletes everything in a
/// terminating namespace, waits for objects held by finalizers, then removes the namespace.
/// </summary>
internal sealed class NamespaceController : Controller<string>
{
    private readonly ResourceRegistry _registry;

    public NamespaceController(ApiOperations api, ResourceRegistry registry, ControllerActivity activity, TimeProvider time, ILogger logger)
        : base(api, activity, time, logger) => _registry = registry;

    public override string Name => "namespace";

    public override void Observe(StoreEvent e)
    {
        if (e.Object.Type == BuiltInResources.Namespaces)
        {
            if (e.Type != WatchEventType.Deleted && e.Object.IsBeingDeleted)
            {
                Enqueue(e.Object.Name);
            }
        }
        else if (e.Type == WatchEventType.Deleted && e.Object.Namespace is { } ns)
        {
            // The last object of a terminating namespace going away lets the namespace go.
            var owner = Api.Store.Get(BuiltInResources.Namespaces, new ObjectKey(null, ns));
            if (owner is not null && owner.IsBeingDeleted)
            {
                Enqueue(ns);
            }
        }
    }

    protected override Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var ns = Api.Store.Get(BuiltInResources.Namespaces, new ObjectKey(null, key));
        if (ns is null || !ns.IsBeingDeleted)
        {
            return Task.CompletedTask;
        }

        // New content cannot appear in a terminating namespace, so once nothing remains it is safe to remove.
        var remaining = _registry.All.Where(t => t.Namespaced).Sum(t => Api.DeleteAll(t, new ObjectFilter(key, null)));
        if (remaining == 0)
        {
            Api.FinishNamespaceDeletion(key);
        }

        return Task.CompletedTask;
    }
}
