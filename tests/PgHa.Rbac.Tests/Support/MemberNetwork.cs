using System.Net;
using System.Net.Sockets;

namespace PgHa.Rbac.Tests.Support;

/// <summary>
/// Loopback addresses that play the members' Pod IPs (127.x.y.11, .12, ...) and the one port they all listen on, as
/// the Pods of one StatefulSet share their container port.
/// </summary>
internal sealed record MemberNetwork(IReadOnlyList<IPAddress> Members, int Port)
{
    public static MemberNetwork Choose(int members)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var subnet = new byte[] { 127, (byte)Random.Shared.Next(16, 250), (byte)Random.Shared.Next(1, 250) };
            var addresses = Enumerable.Range(0, members).Select(i => new IPAddress([.. subnet, (byte)(11 + i)])).ToList();
            var port = FreePort(addresses[0]);
            if (addresses.All(a => IsFree(a, port)))
            {
                return new MemberNetwork(addresses, port);
            }
        }

        throw new InvalidOperationException("no free loopback addresses and port for the members");
    }

    private static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
