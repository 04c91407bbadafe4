using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using PgHa.Election.Records;

namespace PgHa.Election.Stores;

/// <summary>
/// The lock as a coordination.k8s.io/v1 Lease with client-go's fields (<c>holderIdentity</c>,
/// <c>leaseDurationSeconds</c>, <c>acquireTime</c>, <c>renewTime</c>, <c>leaseTransitions</c>), so client-go and
/// KubernetesClient electors read it; the optime, which a Lease has no field for, is the <c>optime</c> annotation.
/// </summary>
internal sealed class LeaseLockStore : ILeaderLockStore
{
    private readonly IKubernetes _client;
    private readonly string _namespace;
    private readonly string _name;
    private readonly IReadOnlyDictionary<string, string> _labels;

    public LeaseLockStore(IKubernetes client, string @namespace, string name, IReadOnlyDictionary<string, string> labels)
    {
        _client = client;
        _namespace = @namespace;
        _name = name;
        _labels = labels;
        Description = "leases.coordination.k8s.io " + @namespace + "/" + name;
    }

    public string Description { get; }

    public async Task<LockSnapshot?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return Snapshot(await _client.CoordinationV1.ReadNamespacedLeaseAsync(_name, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false));
        }
        catch (k8s.Autorest.HttpOperationException e) when (KubernetesErrors.IsNotFound(e))
        {
            return null;
        }
    }

    public Task<LockWriteResult> TryWriteAsync(LeaderRecord record, LockSnapshot? expected, CancellationToken cancellationToken)
    {
        return KubernetesErrors.WriteAsync(async () =>
        {
            V1Lease written;
            if (expected is null)
            {
                var lease = new V1Lease
                {
                    Metadata = new V1ObjectMeta { Name = _name, NamespaceProperty = _namespace, Labels = new Dictionary<string, string>(_labels) },
                    Spec = new V1LeaseSpec
                    {
                        HolderIdentity = record.Holder,
                        LeaseDurationSeconds = record.Ttl is { } ttl ? (int)Math.Ceiling(ttl.TotalSeconds) : null,
                        AcquireTime = record.AcquireTime?.UtcDateTime,
                        RenewTime = record.RenewTime?.UtcDateTime,
                        LeaseTransitions = (int)record.Transitions,
                    },
                };
                if (record.Optime is { } optime)
                {
                    lease.Metadata.Annotations = new Dictionary<string, string> { [PatroniAnnotations.Optime] = optime.ToString(CultureInfo.InvariantCulture) };
                }

                written = await _client.CoordinationV1.CreateNamespacedLeaseAsync(lease, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var patch = new V1Patch(PatchBody(record, expected.ResourceVersion), V1Patch.PatchType.MergePatch);
                written = await _client.CoordinationV1.PatchNamespacedLeaseAsync(patch, _name, _namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return Snapshot(written);
        }, creating: expected is null, cancellationToken);
    }

    public async IAsyncEnumerable<LockSnapshot?> WatchAsync(string? resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Exception? failure = null;
        await foreach (var (type, lease) in _client.CoordinationV1.WatchListNamespacedLeaseAsync(_namespace, allowWatchBookmarks: true,
            fieldSelector: "metadata.name=" + _name, resourceVersion: resourceVersion, onError: e => failure ??= e, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (type is WatchEventType.Added or WatchEventType.Modified && lease is not null)
            {
                yield return Snapshot(lease);
            }
            else if (type == WatchEventType.Deleted)
            {
                yield return null;
            }
        }

        if (failure is not null)
        {
            throw new LockWatchException($"the watch of {Description} failed: {failure.Message}", failure);
        }
    }

    // client-go's MicroTime: RFC 3339 with exactly six fractional digits.
    private static string MicroTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static string PatchBody(LeaderRecord record, string resourceVersion)
    {
        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (record.Optime is { } optime)
        {
            metadata["annotations"] = new JsonObject { [PatroniAnnotations.Optime] = optime.ToString(CultureInfo.InvariantCulture) };
        }

        return new JsonObject
        {
            ["metadata"] = metadata,
            ["spec"] = new JsonObject
            {
                ["holderIdentity"] = record.IsHeld ? record.Holder : null,
                ["leaseDurationSeconds"] = record.Ttl is { } ttl ? (int)Math.Ceiling(ttl.TotalSeconds) : null,
                ["acquireTime"] = record.AcquireTime is { } acquire ? MicroTime(acquire) : null,
                ["renewTime"] = record.RenewTime is { } renew ? MicroTime(renew) : null,
                ["leaseTransitions"] = record.Transitions,
            },
        }.ToJsonString();
    }

    private static LockSnapshot Snapshot(V1Lease lease)
    {
        var spec = lease.Spec ?? new V1LeaseSpec();
        var annotations = lease.Metadata.Annotations is { } a
            ? new Dictionary<string, string>(a, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        RecordParseError? error = null;
        long? optime = null;
        if (annotations.TryGetValue(PatroniAnnotations.Optime, out var optimeText))
        {
            if (long.TryParse(optimeText, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                optime = value;
            }
            else
            {
                error = new RecordParseError(PatroniAnnotations.Optime, optimeText, "not a non-negative decimal integer");
            }
        }

        var record = new LeaderRecord
        {
            Holder = string.IsNullOrEmpty(spec.HolderIdentity) ? null : spec.HolderIdentity,
            AcquireTime = spec.AcquireTime is { } acquire ? new DateTimeOffset(DateTime.SpecifyKind(acquire, DateTimeKind.Utc)) : null,
            RenewTime = spec.RenewTime is { } renew ? new DateTimeOffset(DateTime.SpecifyKind(renew, DateTimeKind.Utc)) : null,
            Transitions = spec.LeaseTransitions ?? 0,
            Ttl = spec.LeaseDurationSeconds is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : null,
            Optime = optime,
        };

        // The fields a holder writes when it renews, as Patroni's and client-go's observed record.
        var fingerprint = string.Join('\u001f', spec.HolderIdentity, MicroTimeOrEmpty(spec.AcquireTime), MicroTimeOrEmpty(spec.RenewTime),
            spec.LeaseDurationSeconds?.ToString(CultureInfo.InvariantCulture), spec.LeaseTransitions?.ToString(CultureInfo.InvariantCulture));
        return new LockSnapshot(record, error, fingerprint, lease.Metadata.ResourceVersion ?? string.Empty, annotations);
    }

    private static string MicroTimeOrEmpty(DateTime? time) => time is { } t ? MicroTime(new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc))) : string.Empty;
}
