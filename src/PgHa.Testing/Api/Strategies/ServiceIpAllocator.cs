using System.Net;
using PgHa.Testing.Json;
using PgHa.Testing.Storage;

namespace PgHa.Testing.Api.Strategies;

/// <summary>
/// Hands out Service cluster IPs from kube's default range 10.96.0.0/12 (10.96.0.1 is kept for the
/// <c>kubernetes</c> Service, as kube-apiserver does). The set of used addresses is derived from store
/// events, so it always matches the stored Services; the embedded server routes nothing to these
/// addresses, it only makes Services look as they do in a cluster.
/// </summary>
internal sealed class ServiceIpAllocator
{
    private const uint RangeStart = (10u << 24) | (96u << 16);
    private const uint RangeSize = 1u << 20;
    private readonly HashSet<uint> _used = [RangeStart + 1];
    private uint _next = 10;

    /// <summary>Keeps the used set in step with the store; called under the store lock.</summary>
    public void Observe(StoreEvent e)
    {
        if (e.Object.Type.GroupResource != "services")
        {
            return;
        }

        if (e.Previous is not null)
        {
            Release(e.Previous);
        }

        if (e.Type != WatchEventType.Deleted)
        {
            Reserve(e.Object);
        }
    }

    public static bool InRange(string ip, out uint value)
    {
        value = 0;
        if (!IPAddress.TryParse(ip, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        value = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
        return value - RangeStart < RangeSize;
    }

    public bool IsUsed(uint ip) => _used.Contains(ip);

    /// <summary>The next free address (not yet reserved: the stored Service reserves it).</summary>
    public string? NextFree()
    {
        for (uint attempts = 0; attempts < RangeSize; attempts++)
        {
            var candidate = RangeStart + _next;
            _next = (_next + 1) % RangeSize;
            if (candidate == RangeStart || candidate == RangeStart + RangeSize - 1 || _used.Contains(candidate))
            {
                continue;
            }

            return new IPAddress([(byte)(candidate >> 24), (byte)(candidate >> 16), (byte)(candidate >> 8), (byte)candidate]).ToString();
        }

        return null;
    }

    private void Reserve(StoredObject service)
    {
        foreach (var ip in ClusterIps(service))
        {
            _used.Add(ip);
        }
    }

    private void Release(StoredObject service)
    {
        foreach (var ip in ClusterIps(service))
        {
            _used.Remove(ip);
        }
    }

    private static IEnumerable<uint> ClusterIps(StoredObject service)
    {
        var ip = service.Object.Object("spec").String("clusterIP");
        if (ip is not null && InRange(ip, out var value))
        {
            yield return value;
        }
    }
}
