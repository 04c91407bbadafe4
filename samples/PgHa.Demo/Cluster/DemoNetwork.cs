using System.Net;
using System.Net.Sockets;

namespace PgHa.Demo.Cluster;

/// <summary>
/// Loopback addresses that play the pods' IPs (127.x.y.11, .12, ...) and one port they all listen on, as pods of one
/// StatefulSet share their container port; the master Service's forwarder listens on 127.0.0.1.
/// </summary>
internal sealed record DemoNetwork(IReadOnlyList<IPAddress> Members, int Port)
{
    public static DemoNetwork Choose(int seed, int members)
    {
        var random = new Random(seed);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var subnet = new byte[] { 127, (byte)random.Next(16, 250), (byte)random.Next(1, 250) };
            var addresses = Enumerable.Range(0, members).Select(i => new IPAddress([.. subnet, (byte)(11 + i)])).ToList();
            foreach (var port in new[] { 5432, FreePort(addresses[0]) })
            {
                if (addresses.All(a => IsFree(a, port)))
                {
                    return new DemoNetwork(addresses, port);
                }
            }
        }

        throw new InvalidOperationException("no free loopback address and port for the demo's members");
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
