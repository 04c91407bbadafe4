using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PgHa.Testing.Api;
using PgHa.Testing.Json;
using PgHa.Testing.Storage;

namespace PgHa.Testing.Controllers;

/// <summary>
/// kube's garbage collector for owner references: deletes objects whose owners are all gone (background
/// propagation), deletes the dependents of an owner held by the <c>foregroundDeletion</c> finalizer and then
/// lets it go, strips the owner reference from dependents of an <c>orphan</c>-finalized owner, and drops
/// dangling references from objects that still have a live owner.
/// </summary>
internal sealed class GarbageCollector : Controller<GarbageCollector.Work>
{
    // Owner uid → dependents' uids; maintained from store events (under the store lock).
    private readonly Dictionary<string, HashSet<string>> _dependents = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public GarbageCollector(ApiOperations api, ControllerActivity activity, TimeProvider time, ILogger logger)
        : base(api, activity, time, logger)
    {
    }

    public override string Name => "garbage-collector";

    /// <summary>What to look at: an owner that changed or went, or a dependent whose owners may have.</summary>
    internal readonly record struct Work(bool IsOwner, string Uid)
    {
        public override string ToString() => (IsOwner ? "owner " : "dependent ") + Uid;
    }

    public override void Observe(StoreEvent e)
    {
        var obj = e.Object;
        var refs = OwnerReference.Read(obj.Metadata);
        lock (_gate)
        {
            foreach (var previous in e.Previous is null ? [] : OwnerReference.Read(e.Previous.Metadata))
            {
                if (_dependents.TryGetValue(previous.Uid, out var set))
                {
                    set.Remove(obj.Uid);
                }
            }

            if (e.Type != WatchEventType.Deleted)
            {
                foreach (var owner in refs)
                {
                    if (!_dependents.TryGetValue(owner.Uid, out var set))
                    {
                        _dependents[owner.Uid] = set = new HashSet<string>(StringComparer.Ordinal);
                    }

                    set.Add(obj.Uid);
                }
            }
        }

        if (e.Type == WatchEventType.Deleted)
        {
            Enqueue(new Work(true, obj.Uid));

            // A dependent going away may be what a foreground deletion of its owner waits for.
            foreach (var owner in refs)
            {
                Enqueue(new Work(true, owner.Uid));
            }

            return;
        }

        if (refs.Count > 0 && (e.Type == WatchEventType.Added || !SameOwners(refs, e.Previous)))
        {
            Enqueue(new Work(false, obj.Uid));
        }

        if (obj.IsBeingDeleted && HasFinalizer(obj, ApiOperations.ForegroundFinalizer, ApiOperations.OrphanFinalizer))
        {
            Enqueue(new Work(true, obj.Uid));
        }
    }

    protected override Task ReconcileAsync(Work key, CancellationToken cancellationToken)
    {
        if (key.IsOwner)
        {
            ReconcileOwner(key.Uid);
        }
        else
        {
            ReconcileDependent(key.Uid);
        }

        return Task.CompletedTask;
    }

    private void ReconcileOwner(string uid)
    {
        var owner = Api.Store.GetByUid(uid);
        var dependents = Dependents(uid);
        if (owner is null)
        {
            foreach (var dependent in dependents)
            {
                Enqueue(new Work(false, dependent));
            }

            return;
        }

        if (!owner.IsBeingDeleted)
        {
            return;
        }

        if (HasFinalizer(owner, ApiOperations.OrphanFinalizer))
        {
            foreach (var dependent in dependents)
            {
                RemoveOwnerReferences(dependent, [uid]);
            }

            RemoveFinalizer(owner, ApiOperations.OrphanFinalizer);
        }
        else if (HasFinalizer(owner, ApiOperations.ForegroundFinalizer))
        {
            var blocking = 0;
            foreach (var dependentUid in dependents)
            {
                var dependent = Api.Store.GetByUid(dependentUid);
                if (dependent is null)
                {
                    continue;
                }

                if (OwnerReference.Read(dependent.Metadata).Any(r => r.Uid == uid && r.BlockOwnerDeletion))
                {
                    blocking++;
                }

                Api.DeleteIfCurrent(dependent, DeletionPropagation.Foreground);
            }

            if (blocking == 0)
            {
                RemoveFinalizer(owner, ApiOperations.ForegroundFinalizer);
            }
        }
    }

    private void ReconcileDependent(string uid)
    {
        var dependent = Api.Store.GetByUid(uid);
        if (dependent is null || dependent.IsBeingDeleted)
        {
            return;
        }

        var refs = OwnerReference.Read(dependent.Metadata);
        var solid = 0;
        var waiting = 0;
        var dangling = new List<string>();
        foreach (var reference in refs)
        {
            var owner = Api.Store.GetByUid(reference.Uid);
            if (owner is null || owner.Type.Kind != reference.Kind || owner.Name != reference.Name ||
                (owner.Namespace is not null && owner.Namespace != dependent.Namespace))
            {
                dangling.Add(reference.Uid);
            }
            else if (owner.IsBeingDeleted && HasFinalizer(owner, ApiOperations.ForegroundFinalizer))
            {
                waiting++;
            }
            else
            {
                solid++;
            }
        }

        if (solid == 0 && waiting == 0 && dangling.Count > 0)
        {
            Api.DeleteIfCurrent(dependent, DeletionPropagation.Background);
        }
        else if (solid == 0 && waiting > 0)
        {
            Api.DeleteIfCurrent(dependent, DeletionPropagation.Foreground);
        }
        else if (dangling.Count > 0)
        {
            RemoveOwnerReferences(uid, dangling);
        }
    }

    private List<string> Dependents(string ownerUid)
    {
        lock (_gate)
        {
            return _dependents.TryGetValue(ownerUid, out var set) ? [.. set] : [];
        }
    }

    private void RemoveOwnerReferences(string dependentUid, IReadOnlyCollection<string> ownerUids)
    {
        var dependent = Api.Store.GetByUid(dependentUid);
        if (dependent is null)
        {
            return;
        }

        Api.Mutate(dependent.Type, dependent.Namespace, dependent.Name, current =>
        {
            if (current.Uid != dependentUid)
            {
                return null;
            }

            var next = current.CloneObject();
            var refs = next.Metadata().Array("ownerReferences");
            if (refs is null)
            {
                return null;
            }

            for (var i = refs.Count - 1; i >= 0; i--)
            {
                if (refs[i] is JsonObject r && ownerUids.Contains(r.String("uid") ?? string.Empty))
                {
                    refs.RemoveAt(i);
                }
            }

            if (refs.Count == 0)
            {
                next.Metadata().Remove("ownerReferences");
            }

            return next;
        });
    }

    private void RemoveFinalizer(StoredObject owner, string finalizer) =>
        Api.Mutate(owner.Type, owner.Namespace, owner.Name, current =>
        {
            if (current.Uid != owner.Uid)
            {
                return null;
            }

            var next = current.CloneObject();
            var finalizers = next.Metadata().Array("finalizers");
            var index = finalizers?.Select(f => f?.ToString()).ToList().IndexOf(finalizer) ?? -1;
            if (index < 0)
            {
                return null;
            }

            finalizers!.RemoveAt(index);
            if (finalizers.Count == 0)
            {
                next.Metadata().Remove("finalizers");
            }

            return next;
        });

    private static bool HasFinalizer(StoredObject obj, params string[] names) =>
        (obj.Metadata.Array("finalizers") ?? []).Any(f => names.Contains(f?.ToString()));

    private static bool SameOwners(List<OwnerReference> refs, StoredObject? previous) =>
        previous is not null && OwnerReference.Read(previous.Metadata).Select(r => r.Uid).SequenceEqual(refs.Select(r => r.Uid));
}
