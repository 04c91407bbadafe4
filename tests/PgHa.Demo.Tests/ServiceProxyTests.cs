using System.Net;
using System.Net.Sockets;
using System.Text;
using k8s;
using k8s.Models;
using PgHa.Demo.Proxy;
using PgHa.Testing;

namespace PgHa.Demo.Tests;

/// <summary>The demo's kube-proxy: connections to the Service address go where the EndpointSlice says, right now.</summary>
public sealed class ServiceProxyTests : IAsyncLifetime
{
    private KubeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await KubeApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Connections_follow_the_slice_and_are_refused_without_a_ready_endpoint()
    {
        using var first = new NamedServer("first");
        using var second = new NamedServer("second");
        var service = await _server.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "db" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "postgresql", Port = 5432 }] },
        }, "default");
        var slice = await _server.Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice(service, first.Address), "default");
        await using var proxy = new ServiceProxy(_server.Client, "default", "db", "postgresql", new IPEndPoint(IPAddress.Loopback, 0));
        var changes = new List<IPEndPoint?>();
        var moved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var emptied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        proxy.BackendChanged += (backend, _) =>
        {
            changes.Add(backend);
            if (Equals(backend, second.Address))
            {
                moved.TrySetResult();
            }
            else if (backend is null)
            {
                emptied.TrySetResult();
            }
        };
        await proxy.StartAsync(CancellationToken.None);

        using var before = await ConnectAsync(proxy.Address);
        (await NameAsync(before)).Should().Be("first");

        slice.Endpoints[0].Addresses = [second.Address.Address.ToString()];
        slice.Ports[0].Port = second.Address.Port;
        slice = await _server.Client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(slice, slice.Name(), "default");
        await moved.Task.WaitAsync(TimeSpan.FromSeconds(15));

        (await ReadToEndAsync(before)).Should().BeEmpty("the connection to the old endpoint is cut when the route moves");
        using (var after = await ConnectAsync(proxy.Address))
        {
            (await NameAsync(after)).Should().Be("second");
        }

        slice.Endpoints = [];
        await _server.Client.DiscoveryV1.ReplaceNamespacedEndpointSliceAsync(slice, slice.Name(), "default");
        await emptied.Task.WaitAsync(TimeSpan.FromSeconds(15));
        (await RefusedAsync(proxy.Address)).Should().BeTrue("without a ready endpoint the connection is closed at once");
        changes.Should().Equal(first.Address, second.Address, null);
    }

    [Fact]
    public async Task Everything_a_backend_sends_before_it_closes_arrives_and_the_connection_ends_cleanly()
    {
        // A base backup through the Service: the server writes megabytes, then closes. The proxy must pass the close on
        // after the last byte, not reset the connection (a reset throws away what is still in flight).
        var payload = new byte[8 << 20];
        new Random(7).NextBytes(payload);
        using var backend = new TcpListener(IPAddress.Loopback, 0);
        backend.Start();
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var serve = Task.Run(async () =>
        {
            using var connection = await backend.AcceptTcpClientAsync();
            await connection.GetStream().WriteAsync(payload);
            connection.Client.Shutdown(SocketShutdown.Send);
            sent.SetResult();
        });
        var service = await _server.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "db" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "postgresql", Port = 5432 }] },
        }, "default");
        await _server.Client.DiscoveryV1.CreateNamespacedEndpointSliceAsync(Slice(service, (IPEndPoint)backend.LocalEndpoint), "default");
        await using var proxy = new ServiceProxy(_server.Client, "default", "db", "postgresql", new IPEndPoint(IPAddress.Loopback, 0));
        await proxy.StartAsync(CancellationToken.None);

        // A small receive window keeps the proxy's send buffer full, as a client busy writing the backup to disk does:
        // when the server's close reaches the proxy, megabytes are still on their way.
        using var client = new TcpClient { ReceiveBufferSize = 16 << 10 };
        await client.ConnectAsync(proxy.Address);
        var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.GetStream().CopyToAsync(received, timeout.Token);
        await sent.Task;

        received.ToArray().SequenceEqual(payload).Should().BeTrue("all {0} bytes arrive in order ({1} did)", payload.Length, received.Length);
        await serve;
    }

    private static V1EndpointSlice Slice(V1Service service, IPEndPoint endpoint) => new()
    {
        Metadata = new V1ObjectMeta
        {
            GenerateName = "db-",
            Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = "db", ["endpointslice.kubernetes.io/managed-by"] = "test" },
            OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Service", Name = "db", Uid = service.Uid() }],
        },
        AddressType = "IPv4",
        Endpoints = [new V1Endpoint { Addresses = [endpoint.Address.ToString()], Conditions = new V1EndpointConditions { Ready = true } }],
        Ports = [new Discoveryv1EndpointPort { Name = "postgresql", Port = endpoint.Port, Protocol = "TCP" }],
    };

    private static async Task<TcpClient> ConnectAsync(IPEndPoint address)
    {
        var client = new TcpClient();
        await client.ConnectAsync(address);
        return client;
    }

    // True when the connection is reset or closed without an answer, whether at connect or at the first read.
    private static async Task<bool> RefusedAsync(IPEndPoint address)
    {
        try
        {
            using var client = await ConnectAsync(address);
            await client.GetStream().WriteAsync("name?\n"u8.ToArray());
            return (await ReadToEndAsync(client)).Length == 0;
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return true;
        }
    }

    private static async Task<string> NameAsync(TcpClient client)
    {
        var stream = client.GetStream();
        await stream.WriteAsync("name?\n"u8.ToArray());
        var buffer = new byte[64];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await stream.ReadAsync(buffer, timeout.Token);
        return Encoding.ASCII.GetString(buffer, 0, read).Trim();
    }

    private static async Task<byte[]> ReadToEndAsync(TcpClient client)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var data = new MemoryStream();
        try
        {
            await client.GetStream().CopyToAsync(data, timeout.Token);
        }
        catch (IOException)
        {
            // A reset is a cut connection too.
        }

        return data.ToArray();
    }

    /// <summary>A TCP server that answers every line with its name.</summary>
    private sealed class NamedServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public NamedServer(string name)
        {
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    TcpClient client;
                    try
                    {
                        client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    }
                    catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                    {
                        return;
                    }

                    _ = Task.Run(async () =>
                    {
                        using var _ = client;
                        var reader = new StreamReader(client.GetStream());
                        try
                        {
                            while (await reader.ReadLineAsync(_stop.Token) is not null)
                            {
                                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(name + "\n"), _stop.Token);
                            }
                        }
                        catch (Exception e) when (e is OperationCanceledException or IOException)
                        {
                        }
                    });
                }
            });
        }

        public IPEndPoint Address => (IPEndPoint)_listener.LocalEndpoint;

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
