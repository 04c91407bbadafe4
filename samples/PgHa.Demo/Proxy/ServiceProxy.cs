using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Models;

namespace PgHa.Demo.Proxy;

/// <summary>
/// Plays kube-proxy for one Service: listens on the Service's address and forwards each connection to the ready
/// endpoint its EndpointSlices name right now (the slices' port named as the Service's). Without a ready endpoint a
/// connection is closed at once, so clients fail fast. When the route moves, connections to the old endpoint are cut,
/// as they would be by a dead or demoted primary, and clients reconnect through the Service to the new one.
/// </summary>
internal sealed class ServiceProxy : IAsyncDisposable
{
    private readonly IKubernetes _client;
    private readonly string _namespace;
    private readonly string _service;
    private readonly string _portName;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, V1EndpointSlice> _slices = new(StringComparer.Ordinal);
    private readonly List<(IPEndPoint Backend, CancellationTokenSource Cut)> _connections = [];
    private readonly object _gate = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _watch = Task.CompletedTask;
    private Task _accept = Task.CompletedTask;

    public ServiceProxy(IKubernetes client, string @namespace, string service, string portName, IPEndPoint listen)
    {
        _client = client;
        _namespace = @namespace;
        _service = service;
        _portName = portName;
        _listener = new TcpListener(listen);
    }

    /// <summary>Where clients connect: the Service's address.</summary>
    public IPEndPoint Address => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>The endpoint connections go to now, or null when the Service has no ready endpoint.</summary>
    public IPEndPoint? Backend { get; private set; }

    /// <summary>Raised (on the watch's thread) when the endpoint changes, with the new one (or null) and the monotonic time it was seen.</summary>
    public event Action<IPEndPoint?, long>? BackendChanged;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.Start();
        _watch = Task.Run(() => WatchAsync(_stop.Token), CancellationToken.None);
        _accept = Task.Run(() => AcceptAsync(_stop.Token), CancellationToken.None);
        await _synced.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await Task.WhenAll(_watch, _accept).ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var (_, cut) in _connections)
            {
                cut.Cancel();
            }
        }

        _stop.Dispose();
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        var selector = "kubernetes.io/service-name=" + _service;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var list = await _client.DiscoveryV1.ListNamespacedEndpointSliceAsync(_namespace, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false);
                lock (_gate)
                {
                    _slices.Clear();
                    foreach (var slice in list.Items)
                    {
                        _slices[slice.Name()] = slice;
                    }
                }

                Update();
                _synced.TrySetResult();
                await foreach (var (type, slice) in _client.DiscoveryV1.WatchListNamespacedEndpointSliceAsync(
                    _namespace, labelSelector: selector, resourceVersion: list.ResourceVersion(), cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    lock (_gate)
                    {
                        if (type == WatchEventType.Deleted)
                        {
                            _slices.Remove(slice.Name());
                        }
                        else if (type is WatchEventType.Added or WatchEventType.Modified)
                        {
                            _slices[slice.Name()] = slice;
                        }
                    }

                    Update();
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException or IOException or k8s.KubernetesException)
            {
                try
                {
                    await Task.Delay(100, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    // The first ready endpoint of the Service's slices, with the slice port named as the Service's port.
    private void Update()
    {
        IPEndPoint? backend = null;
        lock (_gate)
        {
            foreach (var slice in _slices.Values.OrderBy(s => s.Name(), StringComparer.Ordinal))
            {
                var port = slice.Ports?.FirstOrDefault(p => p.Name == _portName)?.Port;
                var endpoint = slice.Endpoints?.FirstOrDefault(e => e.Conditions?.Ready != false && e.Addresses.Count > 0);
                if (port is { } p && endpoint is not null && IPAddress.TryParse(endpoint.Addresses[0], out var address))
                {
                    backend = new IPEndPoint(address, p);
                    break;
                }
            }

            if (Equals(backend, Backend))
            {
                return;
            }

            Backend = backend;
            foreach (var (old, cut) in _connections)
            {
                if (!old.Equals(backend))
                {
                    cut.Cancel();
                }
            }
        }

        BackendChanged?.Invoke(backend, Stopwatch.GetTimestamp());
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ForwardAsync(client, cancellationToken);
        }
    }

    private async Task ForwardAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using var _ = client;
        IPEndPoint? backend;
        CancellationTokenSource cut;
        lock (_gate)
        {
            backend = Backend;
            if (backend is null)
            {
                // No ready endpoint: refuse at once (as kube-proxy's reject rule does).
                client.Client.LingerState = new LingerOption(true, 0);
                return;
            }

            cut = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _connections.Add((backend, cut));
        }

        // A connection that ends normally (either side closes) is closed gracefully, so that what is still in flight,
        // like the end of a base backup, arrives. Only a cut one (the route moved, the backend failed, the demo stops)
        // is reset, as a dead or demoted primary's connections are.
        var graceful = false;
        try
        {
            using var server = new TcpClient(backend.AddressFamily);
            await server.ConnectAsync(backend, cut.Token).ConfigureAwait(false);
            var up = PumpAsync(client, server, cut.Token);
            var down = PumpAsync(server, client, cut.Token);
            if (await Task.WhenAny(up, down).ConfigureAwait(false) == up)
            {
                // The client is done sending (it half-closed): the server may still answer.
                await up.ConfigureAwait(false);
                await down.ConfigureAwait(false);
            }
            else
            {
                await down.ConfigureAwait(false);

                // The server closed: nothing the client still sends can be delivered; end that side too.
                await cut.CancelAsync().ConfigureAwait(false);
                await up.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
            }

            graceful = true;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The backend went away, the route moved, or the demo stops: the client sees the connection drop.
        }
        finally
        {
            if (!graceful)
            {
                client.Client.LingerState = new LingerOption(true, 0);
            }

            lock (_gate)
            {
                _connections.Remove((backend, cut));
            }

            cut.Dispose();
        }
    }

    // Copies one direction until its source closes, then passes the close on (a FIN after the last byte).
    private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken cancellationToken)
    {
        await from.GetStream().CopyToAsync(to.GetStream(), cancellationToken).ConfigureAwait(false);
        to.Client.Shutdown(SocketShutdown.Send);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Address} -> {Backend?.ToString() ?? "no endpoint"}");
}
