using System.Globalization;
using System.Text.Json.Nodes;
using PgHa.Testing.Api.Strategies;
using PgHa.Testing.Json;
using PgHa.Testing.Resources;
using PgHa.Testing.Storage;

namespace PgHa.Testing.Api;

/// <summary>Deletion: preconditions, finalizers, propagation policies, namespaces.</summary>
internal sealed partial class ApiOperations
{
    public const string ForegroundFinalizer = "foregroundDeletion";
    public const string OrphanFinalizer = "orphan";

    public DeleteResult Delete(ResourceType type, string? @namespace, string name, DeleteOptions options) =>
        _store.Write(tx =>
        {
            var current = tx.Get(type, Key(type, @namespace, name)) ?? throw ApiException.NotFound(type, name);
            CheckPreconditions(current, options);
            return options.DryRun ? new DeleteResult(current, false, []) : DeleteLocked(tx, current, options.Propagation);
        });

    /// <summary>Deletes every object the filter selects, each as its own delete (as kube does); returns what was deleted.</summary>
    public List<StoredObject> DeleteCollection(ResourceType type, ObjectFilter filter, DeleteOptions options)
    {
        var (items, _) = _store.List(type, filter);
        var deleted = new List<StoredObject>();
        foreach (var item in items)
        {
            try
            {
                deleted.Add(Delete(type, item.Namespace, item.Name, options with { PreconditionUid = null, PreconditionResourceVersion = null }).Object);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Deleted meanwhile by someone else: the collection delete still succeeds.
            }
        }

        return deleted;
    }

    /// <summary>Deletes an object already read under the lock (controllers and the garbage collector use this too).</summary>
    public DeleteResult DeleteLocked(ObjectStore.StoreTransaction tx, StoredObject current, DeletionPropagation? propagation)
    {
        if (current.Type == BuiltInResources.Namespaces)
        {
            return DeleteNamespaceLocked(tx, current);
        }

        var metadata = current.Metadata;
        var finalizers = (metadata.Array("finalizers") ?? []).Select(f => f?.ToString() ?? string.Empty).ToList();
        if (_garbageCollection)
        {
            switch (propagation ?? DeletionPropagation.Background)
            {
                case DeletionPropagation.Foreground:
                    finalizers.Remove(OrphanFinalizer);
                    if (!finalizers.Contains(ForegroundFinalizer))
                    {
                        finalizers.Add(ForegroundFinalizer);
                    }

                    break;
                case DeletionPropagation.Orphan:
                    finalizers.Remove(ForegroundFinalizer);
                    if (!finalizers.Contains(OrphanFinalizer))
                    {
                        finalizers.Add(OrphanFinalizer);
                    }

                    break;
                case DeletionPropagation.Background when !current.IsBeingDeleted:
                    finalizers.Remove(ForegroundFinalizer);
                    finalizers.Remove(OrphanFinalizer);
                    break;
            }
        }

        if (finalizers.Count == 0)
        {
            return new DeleteResult(tx.Remove(current), true, []);
        }

        var next = current.CloneObject();
        var nextMetadata = next.Metadata();
        var array = new JsonArray();
        foreach (var finalizer in finalizers)
        {
            array.Add(finalizer);
        }

        nextMetadata["finalizers"] = array;
        if (!current.IsBeingDeleted)
        {
            nextMetadata["deletionTimestamp"] = Timestamps.Format(_time.GetUtcNow());
            nextMetadata["deletionGracePeriodSeconds"] = 0;
        }

        if (JsonTree.DeepEquals(next, current.Object))
        {
            return new DeleteResult(current, false, []);
        }

        return new DeleteResult(tx.Replace(current, next), false, []);
    }

    /// <summary>
    /// Deletes an object read earlier, if it is still that object (same uid) and not already terminating;
    /// returns null when it is gone or was replaced. Controllers use this, as they act on what they last saw.
    /// </summary>
    public DeleteResult? DeleteIfCurrent(StoredObject seen, DeletionPropagation? propagation) =>
        _store.Write(tx =>
        {
            var current = tx.Get(seen.Type, seen.Key);
            return current is null || current.Uid != seen.Uid || current.IsBeingDeleted ? null : DeleteLocked(tx, current, propagation);
        });

    /// <summary>Starts deleting every object the filter selects (background propagation); returns how many still exist, held by finalizers.</summary>
    public int DeleteAll(ResourceType type, ObjectFilter filter)
    {
        var remaining = 0;
        foreach (var item in _store.List(type, filter).Items)
        {
            if (item.IsBeingDeleted || DeleteIfCurrent(item, DeletionPropagation.Background) is { Deleted: false })
            {
                remaining++;
            }
        }

        return remaining;
    }

    /// <summary>Removes a namespace whose content is gone (called by the namespace controller).</summary>
    public bool FinishNamespaceDeletion(string name) =>
        _store.Write(tx =>
        {
            var ns = tx.Get(BuiltInResources.Namespaces, new ObjectKey(null, name));
            if (ns is null || !ns.IsBeingDeleted)
            {
                return false;
            }

            tx.Remove(ns);
            return true;
        });

    private DeleteResult DeleteNamespaceLocked(ObjectStore.StoreTransaction tx, StoredObject current)
    {
        if (current.IsBeingDeleted)
        {
            return new DeleteResult(current, false, []);
        }

        var next = current.CloneObject();
        var metadata = next.Metadata();
        metadata["deletionTimestamp"] = Timestamps.Format(_time.GetUtcNow());
        metadata["deletionGracePeriodSeconds"] = 0;
        next["status"] = new JsonObject { ["phase"] = "Terminating" };
        return new DeleteResult(tx.Replace(current, next), false, []);
    }

    private static void CheckPreconditions(StoredObject current, DeleteOptions options)
    {
        if (!string.IsNullOrEmpty(options.PreconditionUid) && options.PreconditionUid != current.Uid)
        {
            throw ApiException.Conflict(current.Type, current.Name,
                $"Precondition failed: UID in precondition: {options.PreconditionUid}, UID in object meta: {current.Uid}");
        }

        var version = current.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        if (!string.IsNullOrEmpty(options.PreconditionResourceVersion) && options.PreconditionResourceVersion != version)
        {
            throw ApiException.Conflict(current.Type, current.Name,
                $"Precondition failed: ResourceVersion in precondition: {options.PreconditionResourceVersion}, ResourceVersion in object meta: {version}");
        }
    }

    /// <summary>True when deleting answers with the object (Services, Pods, custom resources) rather than a Status.</summary>
    public static bool ReturnsDeletedObject(ResourceType type) => StrategyCatalog.For(type).ReturnDeletedObject;
}
