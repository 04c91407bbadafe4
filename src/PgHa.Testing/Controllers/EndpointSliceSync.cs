using System.Text.Json.Nodes;
using PgHa.Testing.Api;
using PgHa.Testing.Json;
using PgHa.Testing.Resources;
using PgHa.Testing.Storage;

namespace PgHa.Testing.Controllers;

/// <summary>
/// Brings the slices one controller manages for one Service to a desired set: existing slices of the
/// same address type and ports are updated in place, missing ones created with <c>generateName</c>,
/// extra ones deleted (or recycled into a needed slice first, as kube's <c>recycleSlices</c> does). An
/// unchanged slice is not written.
/// </summary>
internal static class EndpointSliceSync
{
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";

    /// <summary>The Service a slice change concerns, when the slice is (or was, before the change) managed by <paramref name="managedBy"/>.</summary>
    public static ObjectKey? ManagedSliceService(StoreEvent e, string managedBy)
    {
        if (e.Object.Type != BuiltInResources.EndpointSlices ||
            (e.Object.Labels.String(ManagedByLabel) != managedBy && e.Previous?.Labels.String(ManagedByLabel) != managedBy))
        {
            return null;
        }

        var service = e.Object.Labels.String(ServiceNameLabel) ?? e.Previous?.Labels.String(ServiceNameLabel);
        return service is null ? null : new ObjectKey(e.Object.Namespace, service);
    }

    public static List<StoredObject> Existing(ApiOperations api, string @namespace, string serviceName, string managedBy) =>
        api.Store.List(BuiltInResources.EndpointSlices, new ObjectFilter(@namespace, o =>
            o.Labels.String(ServiceNameLabel) == serviceName && o.Labels.String(ManagedByLabel) == managedBy)).Items;

    public static void Apply(ApiOperations api, string @namespace, string serviceName, string managedBy, IReadOnlyList<DesiredSlice> desired, bool mayCreate)
    {
        var existing = Existing(api, @namespace, serviceName, managedBy);
        var byGroup = existing.GroupBy(GroupKey).ToDictionary(g => g.Key, g => new Queue<StoredObject>(g));
        var creates = new List<DesiredSlice>();
        foreach (var slice in desired)
        {
            if (byGroup.TryGetValue(slice.GroupKey, out var queue) && queue.Count > 0)
            {
                Update(api, queue.Dequeue(), slice);
            }
            else
            {
                creates.Add(slice);
            }
        }

        var leftovers = byGroup.Values.SelectMany(q => q).ToList();
        foreach (var slice in creates)
        {
            var recycled = leftovers.FirstOrDefault(l => l.Object.String("addressType") == slice.AddressType);
            if (recycled is not null)
            {
                leftovers.Remove(recycled);
                Update(api, recycled, slice);
            }
            else if (mayCreate)
            {
                Create(api, @namespace, serviceName, slice);
            }
        }

        foreach (var extra in leftovers)
        {
            try
            {
                api.Delete(extra.Type, extra.Namespace, extra.Name, new DeleteOptions(PreconditionUid: extra.Uid));
            }
            catch (ApiException e) when (e.Code is 404 or 409)
            {
                // Already gone or replaced; the next reconcile sees the new state.
            }
        }
    }

    private static string GroupKey(StoredObject slice) =>
        (slice.Object.String("addressType") ?? string.Empty) + "|" + (slice.Object["ports"]?.ToJsonString() ?? "[]");

    private static void Create(ApiOperations api, string @namespace, string serviceName, DesiredSlice slice)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = Metadata(slice, serviceName),
            ["addressType"] = slice.AddressType,
            ["endpoints"] = slice.Endpoints.DeepClone(),
            ["ports"] = slice.Ports.DeepClone(),
        };
        try
        {
            api.Create(BuiltInResources.EndpointSlices, @namespace, body, WriteOptions.Default);
        }
        catch (ApiException e) when (e.Causes.Any(c => c.Reason == "NamespaceTerminating"))
        {
            // As kube's controllers do: nothing can be created in a terminating namespace; drop it.
        }
    }

    private static void Update(ApiOperations api, StoredObject current, DesiredSlice slice) =>
        api.Mutate(current.Type, current.Namespace, current.Name, existing =>
        {
            if (existing.Uid != current.Uid || existing.Object.String("addressType") != slice.AddressType)
            {
                return null;
            }

            var next = existing.CloneObject();
            var metadata = next.Metadata();
            var wanted = Metadata(slice, string.Empty);
            metadata["labels"] = wanted["labels"]!.DeepClone();
            if (wanted["annotations"] is { } annotations)
            {
                metadata["annotations"] = annotations.DeepClone();
            }
            else
            {
                metadata.Remove("annotations");
            }

            metadata["ownerReferences"] = wanted["ownerReferences"]!.DeepClone();
            next["endpoints"] = slice.Endpoints.DeepClone();
            next["ports"] = slice.Ports.DeepClone();
            return next;
        });

    private static JsonObject Metadata(DesiredSlice slice, string serviceName)
    {
        var metadata = new JsonObject
        {
            ["labels"] = slice.Labels.DeepClone(),
            ["ownerReferences"] = new JsonArray(slice.OwnerReference.DeepClone()),
        };
        if (serviceName.Length > 0)
        {
            metadata["generateName"] = serviceName + "-";
        }

        if (slice.Annotations is { Count: > 0 })
        {
            metadata["annotations"] = slice.Annotations.DeepClone();
        }

        return metadata;
    }
}
