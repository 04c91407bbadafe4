using System.Net;
using System.Net.Sockets;

namespace PgHa.Rbac.Tests.Support;

/// <summary>
/// kube-proxy's part for the master Service: a loopback listener forwarding each connection to the member the route
/// names right now (set by <see cref="Retarget"/>); connections to a former target are cut, so standbys reconnect.
/// </summary>
internal sealed class ServiceForwarder : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;
    private IPEndPoint? _target;
    private CancellationTokenSource _cut = new();

    public ServiceForwarder()
    {
        _listener.Start();
        _accept = Task.Run(AcceptAsync);
    }

    public IPEndPoint Address => (IPEndPoint)_listener.LocalEndpoint;

    public IPEndPoint? Target
    {
        get
        {
            lock (_gate)
            {
                return _target;
            }
        }
    }

    public void Retarget(IPEndPoint? target)
    {
        CancellationTokenSource cut;
        lock (_gate)
        {
            if (Equals(target, _target))
            {
                return;
            }

            _target = target;
            cut = _cut;
            _cut = new CancellationTokenSource();
        }

        cut.Cancel();
        cut.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accept;
        lock (_gate)
        {
            _cut.Cancel();
            _cut.Dispose();
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
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

            IPEndPoint? target;
            CancellationTokenSource cut;
            lock (_gate)
            {
                target = _target;
                cut = CancellationTokenSource.CreateLinkedTokenSource(_cut.Token, _stop.Token);
            }

            _ = Task.Run(() => ForwardAsync(client, target, cut));
        }
    }

    private static async Task ForwardAsync(TcpClient client, IPEndPoint? target, CancellationTokenSource cutSource)
    {
        using (cutSource)
        using (client)
        {
            if (target is null)
            {
                return;
            }

            using var backend = new TcpClient();
            try
            {
                await backend.ConnectAsync(target, cutSource.Token);
                var a = client.GetStream();
                var b = backend.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, cutSource.Token), b.CopyToAsync(a, cutSource.Token));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // Refused, cut or closed: the client sees its connection end.
            }
        }
    }
}
