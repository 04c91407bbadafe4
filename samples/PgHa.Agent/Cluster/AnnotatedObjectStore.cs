using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace PgHa.Agent.Cluster;

/// <summary>
/// Reads and writes the annotations of one ConfigMap or Endpoints object the way Patroni does: every write is a
/// compare-and-swap (a merge patch carrying the <c>resourceVersion</c> read; a creation when it did not exist),
/// and a lost race is an outcome (null), not an exception. Annotations it is not asked to change survive.
/// </summary>
internal sealed class AnnotatedObjectStore(IKubernetes client, string @namespace, string name, bool endpoints, IReadOnlyDictionary<string, string> labels)
{
    public string Name => name;

    /// <summary>The object's annotations, or null when it does not exist.</summary>
    public async Task<AnnotatedObject?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var metadata = endpoints
                ? (await client.CoreV1.ReadNamespacedEndpointsAsync(name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata
                : (await client.CoreV1.ReadNamespacedConfigMapAsync(name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata;
            return From(metadata);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Sets (or with a null value removes) <paramref name="changes"/> if the object is still at <paramref name="expected"/>'s
    /// version (or still absent when <paramref name="expected"/> is null). Returns the object as written, or null when another writer won.
    /// </summary>
    public async Task<AnnotatedObject?> TryWriteAsync(AnnotatedObject? expected, IReadOnlyDictionary<string, string?> changes, CancellationToken cancellationToken)
    {
        try
        {
            return expected is null
                ? await CreateAsync(changes, cancellationToken).ConfigureAwait(false)
                : await PatchAsync(expected, changes, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<AnnotatedObject> CreateAsync(IReadOnlyDictionary<string, string?> changes, CancellationToken cancellationToken)
    {
        var metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = @namespace,
            Labels = new Dictionary<string, string>(labels),
            Annotations = changes.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value!),
        };
        var created = endpoints
            ? (await client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints { Metadata = metadata }, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata
            : (await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = metadata }, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata;
        return From(created);
    }

    private async Task<AnnotatedObject> PatchAsync(AnnotatedObject expected, IReadOnlyDictionary<string, string?> changes, CancellationToken cancellationToken)
    {
        var annotations = new JsonObject();
        foreach (var (key, value) in changes)
        {
            annotations[key] = value is null ? null : JsonValue.Create(value);
        }

        // A merge patch carrying resourceVersion is a compare-and-swap: the server answers 409 when the object moved on.
        var body = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = expected.ResourceVersion, ["annotations"] = annotations } };
        var patch = new V1Patch(body.ToJsonString(), V1Patch.PatchType.MergePatch);
        var written = endpoints
            ? (await client.CoreV1.PatchNamespacedEndpointsAsync(patch, name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata
            : (await client.CoreV1.PatchNamespacedConfigMapAsync(patch, name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false)).Metadata;
        return From(written);
    }

    private static AnnotatedObject From(V1ObjectMeta metadata) =>
        new(metadata.Annotations is { } a ? new Dictionary<string, string>(a, StringComparer.Ordinal) : new Dictionary<string, string>(StringComparer.Ordinal), metadata.ResourceVersion);
}
