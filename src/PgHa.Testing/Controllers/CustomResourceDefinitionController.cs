using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PgHa.Testing.Api;
using PgHa.Testing.Json;
using PgHa.Testing.Resources;
using PgHa.Testing.Storage;

namespace PgHa.Testing.Controllers;

/// <summary>
/// Serves what CustomResourceDefinitions define, as apiextensions-apiserver does: accepts the names and
/// marks a definition Established (then its resources appear in discovery and URLs); on deletion it
/// deletes every custom resource first (the <c>customresourcecleanup</c> finalizer) and then stops serving.
/// </summary>
internal sealed class CustomResourceDefinitionController : Controller<string>
{
    public const string CleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    private readonly ResourceRegistry _registry;

    // CRD name → the spec its served resources were built from, so an unchanged spec is not re-registered.
    private readonly Dictionary<string, string> _servedSpecs = new(StringComparer.Ordinal);

    public CustomResourceDefinitionController(ApiOperations api, ResourceRegistry registry, ControllerActivity activity, TimeProvider time, ILogger logger)
        : base(api, activity, time, logger) => _registry = registry;

    public override string Name => "customresourcedefinition";

    public override void Observe(StoreEvent e)
    {
        if (e.Object.Type == BuiltInResources.CustomResourceDefinitions)
        {
            Enqueue(e.Object.Name);
        }
        else if (e.Type == WatchEventType.Deleted && e.Object.Type.DefinedBy is { } crd)
        {
            // A terminating definition waits for its last custom resource to go.
            Enqueue(crd);
        }
    }

    protected override Task ReconcileAsync(string name, CancellationToken cancellationToken)
    {
        var crd = Api.Store.Get(BuiltInResources.CustomResourceDefinitions, new ObjectKey(null, name));
        if (crd is null)
        {
            Unserve(name);
            return Task.CompletedTask;
        }

        if (crd.IsBeingDeleted)
        {
            CleanUp(crd);
            return Task.CompletedTask;
        }

        if (!(crd.Metadata.Array("finalizers") ?? []).Any(f => f?.ToString() == CleanupFinalizer))
        {
            Api.Mutate(crd.Type, null, name, current =>
            {
                var next = current.CloneObject();
                var finalizers = next.Metadata().Array("finalizers") ?? [];
                finalizers.Add(CleanupFinalizer);
                next.Metadata()["finalizers"] = finalizers.DeepClone();
                return next;
            });
        }

        var spec = crd.Object["spec"]?.ToJsonString() ?? string.Empty;
        if (_servedSpecs.GetValueOrDefault(name) != spec)
        {
            _registry.SetCustomResources(name, CustomResourceTypes.FromDefinition(crd.Object));
            _servedSpecs[name] = spec;
        }

        Api.MutateStatus(crd.Type, null, name, current => Established(current));
        return Task.CompletedTask;
    }

    private void CleanUp(StoredObject crd)
    {
        var remaining = _registry.All.Where(t => t.DefinedBy == crd.Name).DistinctBy(t => t.GroupResource)
            .Sum(t => Api.DeleteAll(t, ObjectFilter.All));
        if (remaining > 0)
        {
            return;
        }

        Api.Mutate(crd.Type, null, crd.Name, current =>
        {
            var next = current.CloneObject();
            var finalizers = next.Metadata().Array("finalizers");
            var index = finalizers?.Select(f => f?.ToString()).ToList().IndexOf(CleanupFinalizer) ?? -1;
            if (index < 0)
            {
                return null;
            }

            finalizers!.RemoveAt(index);
            return next;
        });
    }

    private void Unserve(string name)
    {
        _servedSpecs.Remove(name);
        var served = _registry.All.Where(t => t.DefinedBy == name).ToList();
        if (served.Count == 0)
        {
            return;
        }

        _registry.SetCustomResources(name, []);
        Api.Store.Write(tx =>
        {
            foreach (var type in served)
            {
                tx.CloseWatches(type);
            }

            return 0;
        });
    }

    private JsonObject? Established(StoredObject crd)
    {
        var names = crd.Object.Object("spec").Object("names");
        var status = crd.Object.Object("status");
        var conditions = status.Array("conditions");
        if (JsonTree.DeepEquals(status.Object("acceptedNames"), names) &&
            ConditionTrue(conditions, "NamesAccepted") && ConditionTrue(conditions, "Established"))
        {
            return null;
        }

        var now = Timestamps.Format(Api.Time.GetUtcNow());
        var next = crd.CloneObject();
        var nextStatus = next.GetOrAddObject("status");
        nextStatus["acceptedNames"] = names?.DeepClone() ?? new JsonObject();
        nextStatus["conditions"] = new JsonArray(
            Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
            Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now));
        return next;
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };

    private static bool ConditionTrue(JsonArray? conditions, string type) =>
        (conditions ?? []).OfType<JsonObject>().Any(c => c.String("type") == type && c.String("status") == "True");
}
