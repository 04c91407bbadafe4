using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using PgHa.Election.Records;

namespace PgHa.Election.Stores;

/// <summary>
/// Patroni's lock: annotations on a ConfigMap (<c>&lt;scope&gt;-leader</c>) or an Endpoints object (<c>&lt;scope&gt;</c>).
/// Creation is a POST (a lost race is a conflict); every other write is a merge PATCH that carries the
/// resourceVersion it read, touches only the lock's annotations (and, on Endpoints, the subsets a route
/// contributor gives), and so leaves <c>slots</c>, <c>failsafe</c> and anything else as they are.
/// </summary>
internal sealed class AnnotationLockStore : ILeaderLockStore
{
    private readonly IKubernetes _client;
    private readonly string _namespace;
    private readonly string _name;
    private readonly bool _endpoints;
    private readonly IReadOnlyDictionary<string, string> _labels;
    private readonly IEndpointsWriteContributor? _route;

    public AnnotationLockStore(IKubernetes client, string @namespace, string name, bool endpoints, IReadOnlyDictionary<string, string> labels, IEndpointsWriteContributor? route)
    {
        _client = client;
        _namespace = @namespace;
        _name = name;
        _endpoints = endpoints;
        _labels = labels;
        _route = endpoints ? route : null;
        Description = (endpoints ? "endpoints " : "configmaps ") + @namespace + "/" + name;
    }

    public string Description { get; }

    public async Task<LockSnapshot?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var metadata = _endpoints
                ? (await _client.CoreV1.ReadNamespacedEndpointsAsync(_name, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata
                : (await _client.CoreV1.ReadNamespacedConfigMapAsync(_name, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata;
            return Snapshot(metadata);
        }
        catch (k8s.Autorest.HttpOperationException e) when (KubernetesErrors.IsNotFound(e))
        {
            return null;
        }
    }

    public Task<LockWriteResult> TryWriteAsync(LeaderRecord record, LockSnapshot? expected, CancellationToken cancellationToken)
    {
        var annotations = PatroniRecordCodec.Write(record);
        var subsets = _route?.SubsetsFor(record);
        return KubernetesErrors.WriteAsync(async () =>
        {
            V1ObjectMeta written;
            if (expected is null)
            {
                var metadata = new V1ObjectMeta
                {
                    Name = _name,
                    NamespaceProperty = _namespace,
                    Labels = new Dictionary<string, string>(_labels),
                    Annotations = annotations.Where(a => a.Value is not null).ToDictionary(a => a.Key, a => a.Value!),
                };
                written = _endpoints
                    ? (await _client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints { Metadata = metadata, Subsets = subsets }, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata
                    : (await _client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = metadata }, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata;
            }
            else
            {
                var patch = new V1Patch(PatchBody(annotations, expected.ResourceVersion, subsets), V1Patch.PatchType.MergePatch);
                written = _endpoints
                    ? (await _client.CoreV1.PatchNamespacedEndpointsAsync(patch, _name, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata
                    : (await _client.CoreV1.PatchNamespacedConfigMapAsync(patch, _name, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata;
            }

            return Snapshot(written);
        }, creating: expected is null, cancellationToken);
    }

    public async IAsyncEnumerable<LockSnapshot?> WatchAsync(string? resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Exception? failure = null;
        var selector = "metadata.name=" + _name;
        void OnError(Exception e) => failure ??= e;
        if (_endpoints)
        {
            await foreach (var (type, obj) in _client.CoreV1.WatchListNamespacedEndpointsAsync(_namespace, allowWatchBookmarks: true, fieldSelector: selector,
                resourceVersion: resourceVersion, onError: OnError, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (Event(type, obj?.Metadata) is { } change)
                {
                    yield return change.Snapshot;
                }
            }
        }
        else
        {
            await foreach (var (type, obj) in _client.CoreV1.WatchListNamespacedConfigMapAsync(_namespace, allowWatchBookmarks: true, fieldSelector: selector,
                resourceVersion: resourceVersion, onError: OnError, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (Event(type, obj?.Metadata) is { } change)
                {
                    yield return change.Snapshot;
                }
            }
        }

        if (failure is not null)
        {
            throw new LockWatchException($"the watch of {Description} failed: {failure.Message}", failure);
        }
    }

    internal static string PatchBody(Dictionary<string, string?> annotations, string resourceVersion, IList<V1EndpointSubset>? subsets)
    {
        var annotationNode = new JsonObject();
        foreach (var (key, value) in annotations)
        {
            annotationNode[key] = value;
        }

        var body = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion, ["annotations"] = annotationNode },
        };
        if (subsets is not null)
        {
            body["subsets"] = JsonNode.Parse(KubernetesJson.Serialize(subsets));
        }

        return body.ToJsonString();
    }

    private static LockSnapshot Snapshot(V1ObjectMeta metadata)
    {
        var annotations = metadata.Annotations is { } a
            ? new Dictionary<string, string>(a, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var read = PatroniRecordCodec.Read(annotations);
        return new LockSnapshot(read.Record, read.Error, read.Fingerprint, metadata.ResourceVersion ?? string.Empty, annotations);
    }

    // A watch event as a change of the lock: a new snapshot, a deletion (null snapshot), or nothing (bookmarks).
    private static Change? Event(WatchEventType type, V1ObjectMeta? metadata) => type switch
    {
        WatchEventType.Added or WatchEventType.Modified when metadata is not null => new Change(Snapshot(metadata)),
        WatchEventType.Deleted => new Change(null),
        _ => null,
    };

    private readonly record struct Change(LockSnapshot? Snapshot);
}
