using System.Globalization;
using k8s;
using k8s.Models;
using PgHa.Election.Records;

namespace PgHa.Operator.Clusters;

/// <summary>
/// Reads the leader record from whichever object holds a cluster's lock: the Patroni annotations of a ConfigMap or
/// Endpoints (<see cref="PatroniRecordCodec"/>), or a Lease's client-go fields as PgHa.Election's Lease store maps them
/// (holderIdentity, leaseDurationSeconds, acquireTime, renewTime, leaseTransitions; the optime annotation).
/// </summary>
internal static class LockReader
{
    public static RecordReadResult Read(IKubernetesObject<V1ObjectMeta> lockObject) => lockObject switch
    {
        V1Lease lease => ReadLease(lease),
        _ => PatroniRecordCodec.Read(lockObject.Metadata?.Annotations is { } a ? new Dictionary<string, string>(a, StringComparer.Ordinal) : null),
    };

    private static RecordReadResult ReadLease(V1Lease lease)
    {
        var spec = lease.Spec ?? new V1LeaseSpec();
        RecordParseError? error = null;
        long? optime = null;
        if (lease.Metadata?.Annotations?.TryGetValue(PatroniAnnotations.Optime, out var text) == true)
        {
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                optime = value;
            }
            else
            {
                error = new RecordParseError(PatroniAnnotations.Optime, text, "not a non-negative decimal integer");
            }
        }

        var record = new LeaderRecord
        {
            Holder = string.IsNullOrEmpty(spec.HolderIdentity) ? null : spec.HolderIdentity,
            AcquireTime = Utc(spec.AcquireTime),
            RenewTime = Utc(spec.RenewTime),
            Transitions = spec.LeaseTransitions ?? 0,
            Ttl = spec.LeaseDurationSeconds is { } seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : null,
            Optime = optime,
        };

        // The fields a holder rewrites when it renews, as PgHa.Election's Lease store fingerprints them.
        var fingerprint = string.Join('\u001f', spec.HolderIdentity, Micro(spec.AcquireTime), Micro(spec.RenewTime),
            spec.LeaseDurationSeconds?.ToString(CultureInfo.InvariantCulture), spec.LeaseTransitions?.ToString(CultureInfo.InvariantCulture));
        return new RecordReadResult(record, error, fingerprint);
    }

    private static DateTimeOffset? Utc(DateTime? time) => time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;

    private static string Micro(DateTime? time) =>
        time is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) : string.Empty;
}
