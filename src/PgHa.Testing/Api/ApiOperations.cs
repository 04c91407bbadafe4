using System.Globalization;
using System.Text.Json.Nodes;
using PgHa.Testing.Api.Strategies;
using PgHa.Testing.Json;
using PgHa.Testing.Resources;
using PgHa.Testing.Storage;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Api;

/// <summary>
/// The verbs with kube-apiserver's semantics (its generic registry store): preconditions,
/// server-set metadata, defaulting and validation through each kind's strategy, status subresources,
/// generation, no-op updates that write nothing, finalizers and graceful deletion. The HTTP layer and
/// the in-process controllers both call it, so both follow the same rules.
/// </summary>
internal sealed partial class ApiOperations
{
    private readonly ObjectStore _store;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ServiceIpAllocator _serviceIps = new();
    private readonly ListSnapshots _snapshots;
    private readonly bool _rejectSpecialEndpointAddresses;
    private readonly bool _garbageCollection;

    public ApiOperations(ObjectStore store, TimeProvider time, int seed, bool rejectSpecialEndpointAddresses, bool garbageCollection)
    {
        _store = store;
        _time = time;
        _random = new Random(seed);
        _snapshots = new ListSnapshots(time, TimeSpan.FromMinutes(5));
        _rejectSpecialEndpointAddresses = rejectSpecialEndpointAddresses;
        _garbageCollection = garbageCollection;
        store.AddListener(_serviceIps.Observe);
    }

    public ObjectStore Store => _store;

    public TimeProvider Time => _time;

    public StoredObject Get(ResourceType type, string? @namespace, string name) =>
        _store.Get(type, Key(type, @namespace, name)) ?? throw ApiException.NotFound(type, name);

    public ListResult List(ResourceType type, ListRequest request)
    {
        if (!string.IsNullOrEmpty(request.Continue))
        {
            if (!string.IsNullOrEmpty(request.ResourceVersion) && request.ResourceVersion != "0")
            {
                throw ApiException.BadRequest("specifying resource version is not allowed when using continue");
            }

            return _snapshots.Next(request.Continue, request.Limit);
        }

        var match = request.ResourceVersionMatch ?? string.Empty;
        if (match is not ("" or "Exact" or "NotOlderThan"))
        {
            throw ApiException.BadRequest(FieldError.NotSupported("resourceVersionMatch", match, ["Exact", "NotOlderThan"]).ToString());
        }

        long? requested = string.IsNullOrEmpty(request.ResourceVersion) ? null : Http.QueryParameters.ParseResourceVersion(request.ResourceVersion);
        if (match.Length > 0 && requested is null)
        {
            throw ApiException.BadRequest("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
        }

        var (items, current) = _store.List(type, request.Filter);
        if (requested > current)
        {
            throw ApiException.TooLargeResourceVersion(requested.Value, current);
        }

        var listVersion = current;
        if (match == "Exact" && requested is { } exact && exact != 0 && exact != current)
        {
            // Without MVCC only the present is known; it equals the past when nothing changed since.
            if (!_store.UnchangedSince(type, exact))
            {
                throw ApiException.Expired("The resourceVersion for the provided list is too old.");
            }

            listVersion = exact;
        }

        return _snapshots.FirstPage(items, listVersion, request.Limit);
    }

    public WriteResult Create(ResourceType type, string? @namespace, JsonObject body, WriteOptions options)
    {
        var warnings = new List<string>();
        PrepareBody(type, @namespace, null, body);
        var metadata = body.Metadata();
        if (!string.IsNullOrEmpty(metadata.String("resourceVersion")))
        {
            throw ApiException.Internal("resourceVersion should not be set on objects to be created");
        }

        ObjectCodec.Decode(type, body, options.FieldValidation, warnings);
        return _store.Write(tx => CreateLocked(tx, type, body, options, warnings));
    }

    public WriteResult Update(ResourceType type, string? @namespace, string name, string? subresource, JsonObject body, WriteOptions options)
    {
        var warnings = new List<string>();
        PrepareBody(type, @namespace, name, body);
        ObjectCodec.Decode(type, body, options.FieldValidation, warnings);
        return _store.Write(tx =>
        {
            var current = tx.Get(type, Key(type, @namespace, name));
            if (current is null)
            {
                if (subresource is not null || !StrategyCatalog.For(type).AllowCreateOnUpdate)
                {
                    throw ApiException.NotFound(type, name);
                }

                body.Metadata().Remove("resourceVersion");
                return CreateLocked(tx, type, body, options, warnings);
            }

            return UpdateLocked(tx, current, body, subresource, options, warnings);
        });
    }

    public WriteResult Patch(ResourceType type, string? @namespace, string name, string? subresource, PatchType patchType, JsonNode? patch, WriteOptions options)
    {
        if (patchType == PatchType.Strategic && type.IsCustom)
        {
            throw ApiException.UnsupportedMediaType(Http.MediaTypes.StrategicMergePatch,
                [Http.MediaTypes.JsonPatch, Http.MediaTypes.MergePatch, Http.MediaTypes.ApplyPatch]);
        }

        var warnings = new List<string>();
        return _store.Write(tx =>
        {
            var current = tx.Get(type, Key(type, @namespace, name)) ?? throw ApiException.NotFound(type, name);
            var patched = ObjectPatcher.Apply(patchType, current.Object, patch, type.Schema);
            PrepareBody(type, @namespace, name, patched);
            ObjectCodec.Decode(type, patched, options.FieldValidation, warnings, patched: patchType != PatchType.Strategic);
            return UpdateLocked(tx, current, patched, subresource, options, warnings);
        });
    }

    /// <summary>Runs an update computed from the current object (controllers' read-modify-write), atomically.</summary>
    public WriteResult? Mutate(ResourceType type, string? @namespace, string name, Func<StoredObject, JsonObject?> change)
    {
        return _store.Write(tx =>
        {
            var current = tx.Get(type, Key(type, @namespace, name));
            if (current is null)
            {
                return null;
            }

            var next = change(current);
            return next is null ? null : UpdateLocked(tx, current, next, null, WriteOptions.Default, []);
        });
    }

    /// <summary>Writes a new status for an object (the <c>/status</c> subresource), atomically against its current version.</summary>
    public WriteResult? MutateStatus(ResourceType type, string? @namespace, string name, Func<StoredObject, JsonObject?> change)
    {
        return _store.Write(tx =>
        {
            var current = tx.Get(type, Key(type, @namespace, name));
            if (current is null)
            {
                return null;
            }

            var next = change(current);
            return next is null ? null : UpdateLocked(tx, current, next, type.HasStatusSubresource ? "status" : null, WriteOptions.Default, []);
        });
    }

    private static ObjectKey Key(ResourceType type, string? @namespace, string name) =>
        new(type.Namespaced ? @namespace : null, name);

    /// <summary>Type meta defaults and the URL checks every write makes (kind, namespace, name).</summary>
    private static void PrepareBody(ResourceType type, string? @namespace, string? urlName, JsonObject body)
    {
        var apiVersion = body.String("apiVersion");
        var kind = body.String("kind");
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != type.ApiVersion)
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }

        if (!string.IsNullOrEmpty(kind) && kind != type.Kind)
        {
            throw ApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }

        body["apiVersion"] = type.ApiVersion;
        body["kind"] = type.Kind;
        var metadata = body.Metadata();
        var bodyNamespace = metadata.String("namespace");
        if (type.Namespaced)
        {
            if (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != @namespace)
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = @namespace;
        }
        else
        {
            metadata.Remove("namespace");
        }

        if (urlName is not null)
        {
            var bodyName = metadata.String("name") ?? string.Empty;
            if (bodyName != urlName)
            {
                throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({urlName})");
            }
        }
    }

    private WriteResult CreateLocked(ObjectStore.StoreTransaction tx, ResourceType type, JsonObject body, WriteOptions options, List<string> warnings)
    {
        var strategy = StrategyCatalog.For(type);
        var context = Context(tx, warnings);
        var metadata = body.Metadata();
        if (type.Namespaced)
        {
            CheckNamespaceAcceptsContent(tx, type, metadata.String("namespace")!, metadata.String("name") ?? string.Empty);
        }

        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink", "managedFields" })
        {
            metadata.Remove(field);
        }

        var generateName = metadata.String("generateName");
        var generated = string.IsNullOrEmpty(metadata.String("name")) && !string.IsNullOrEmpty(generateName);
        if (generated)
        {
            metadata["name"] = NameGenerator.GenerateName(generateName!, _random);
        }

        strategy.PrepareForCreate(body, context);
        if (type.TracksGeneration)
        {
            metadata["generation"] = 1;
        }
        else
        {
            metadata.Remove("generation");
        }

        var errors = new FieldErrors();
        errors.AddRange(ObjectMetaValidation.Validate(metadata, type.Namespaced, strategy.NameRule));
        if (!errors.Any)
        {
            errors.AddRange(ObjectMetaValidation.Validate(metadata, type.Namespaced, NameRule.PathSegment));
        }

        strategy.Validate(body, null, errors, context);
        ThrowIfInvalid(type, metadata.String("name") ?? string.Empty, errors);
        for (var attempt = 0; tx.Get(type, Key(type, metadata.String("namespace"), metadata.String("name")!)) is not null; attempt++)
        {
            if (!generated || attempt == 8)
            {
                throw ApiException.AlreadyExists(type, metadata.String("name")!);
            }

            metadata["name"] = NameGenerator.GenerateName(generateName!, _random);
        }

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Timestamps.Format(_time.GetUtcNow());
        strategy.BeforeCommit(body, null, errors, context);
        ThrowIfInvalid(type, metadata.String("name")!, errors);
        if (options.DryRun)
        {
            return new WriteResult(new StoredObject(type, body, 0), warnings, Created: true);
        }

        return new WriteResult(tx.Insert(type, body), warnings, Created: true);
    }

    private WriteResult UpdateLocked(ObjectStore.StoreTransaction tx, StoredObject current, JsonObject proposed, string? subresource, WriteOptions options, List<string> warnings)
    {
        var type = current.Type;
        var strategy = StrategyCatalog.For(type);
        var context = Context(tx, warnings);
        var proposedMetadata = proposed.Metadata();
        var currentVersion = current.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        var requestedVersion = proposedMetadata.String("resourceVersion");
        if (string.IsNullOrEmpty(requestedVersion))
        {
            if (!strategy.AllowUnconditionalUpdate)
            {
                throw ApiException.Invalid(type, current.Name,
                    [new FieldError(FieldErrorType.Invalid, "metadata.resourceVersion", "0x0", "must be specified for an update")]);
            }
        }
        else if (requestedVersion != currentVersion)
        {
            throw ApiException.ModifiedConflict(type, current.Name);
        }

        var requestedUid = proposedMetadata.String("uid");
        if (!string.IsNullOrEmpty(requestedUid) && requestedUid != current.Uid)
        {
            throw ApiException.Conflict(type, current.Name, $"Precondition failed: UID in precondition: {requestedUid}, UID in object meta: {current.Uid}");
        }

        JsonObject next;
        if (subresource == "status")
        {
            // kube's ResetObjectMetaForStatus: a status write changes the status and nothing else.
            next = current.CloneObject();
            SetOrRemove(next, "status", proposed["status"]);
        }
        else if (subresource == "finalize")
        {
            // A namespace's /finalize changes spec.finalizers and nothing else.
            next = current.CloneObject();
            next.GetOrAddObject("spec")["finalizers"] = proposed.Object("spec")?["finalizers"]?.DeepClone() ?? new JsonArray();
        }
        else
        {
            next = proposed;
            if (type.HasStatusSubresource)
            {
                SetOrRemove(next, "status", current.Object["status"]);
            }

            var metadata = next.Metadata();
            var old = current.Metadata!;
            foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation" })
            {
                SetOrRemove(metadata, field, old[field]);
            }

            metadata.Remove("selfLink");
            metadata.Remove("managedFields");
            strategy.PrepareForUpdate(next, current, context);
            if (type.TracksGeneration && !SameSpec(next, current.Object))
            {
                metadata["generation"] = (old.Int64("generation") ?? 0) + 1;
            }
        }

        var errors = new FieldErrors();
        errors.AddRange(ObjectMetaValidation.Validate(next.Metadata(), type.Namespaced, strategy.NameRule));
        strategy.Validate(next, current, errors, context);
        ThrowIfInvalid(type, current.Name, errors);

        next.Metadata()["resourceVersion"] = currentVersion;
        if (JsonTree.DeepEquals(next, current.Object))
        {
            return new WriteResult(current, warnings);
        }

        strategy.BeforeCommit(next, current, errors, context);
        ThrowIfInvalid(type, current.Name, errors);
        if (options.DryRun)
        {
            return new WriteResult(new StoredObject(type, next, current.ResourceVersion), warnings);
        }

        var meta = next.Metadata();
        if (meta.String("deletionTimestamp") is not null && meta.Array("finalizers") is not { Count: > 0 })
        {
            // The last finalizer went: the deletion that was waiting for it completes now.
            return new WriteResult(tx.RemoveWith(current, next), warnings);
        }

        return new WriteResult(tx.Replace(current, next), warnings);
    }

    private StrategyContext Context(ObjectStore.StoreTransaction tx, List<string> warnings) =>
        new(tx, _time, _serviceIps, _rejectSpecialEndpointAddresses, warnings);

    private static void CheckNamespaceAcceptsContent(ObjectStore.StoreTransaction tx, ResourceType type, string @namespace, string name)
    {
        var ns = tx.Get(BuiltInResources.Namespaces, new ObjectKey(null, @namespace)) ?? throw ApiException.NamespaceNotFound(@namespace);
        if (ns.IsBeingDeleted)
        {
            throw ApiException.Forbidden(type, name,
                $"unable to create new content in namespace {@namespace} because it is being terminated",
                new StatusCause("NamespaceTerminating", $"namespace {@namespace} is being terminated", "metadata.namespace"));
        }
    }

    private static void ThrowIfInvalid(ResourceType type, string name, FieldErrors errors)
    {
        if (errors.Any)
        {
            throw ApiException.Invalid(type, name, errors.Errors);
        }
    }

    /// <summary>True when nothing outside metadata and status differs (kube's generation rule).</summary>
    private static bool SameSpec(JsonObject a, JsonObject b)
    {
        foreach (var (key, value) in a)
        {
            if (key is "metadata" or "status")
            {
                continue;
            }

            if (!b.TryGetPropertyValue(key, out var other) || !JsonTree.DeepEquals(value, other))
            {
                return false;
            }
        }

        foreach (var (key, _) in b)
        {
            if (key is not ("metadata" or "status") && !a.ContainsKey(key))
            {
                return false;
            }
        }

        return true;
    }

    private static void SetOrRemove(JsonObject obj, string name, JsonNode? value)
    {
        if (value is null)
        {
            obj.Remove(name);
        }
        else
        {
            obj[name] = value.DeepClone();
        }
    }
}
