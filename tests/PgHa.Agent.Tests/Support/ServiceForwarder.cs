using System.Net;
using System.Net.Sockets;

namespace PgHa.Agent.Tests.Support;

/// <summary>
/// The master Service for tests over real sockets: a loopback listener that forwards each connection to the
/// address <see cref="Refresh"/> last resolved (the running primary), and cuts the forwarded connections when that
/// changes, as a moved route would, so standbys and clients reconnect to the new primary.
/// </summary>
internal sealed class ServiceForwarder : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Func<IPEndPoint?> _resolve;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accept;
    private IPEndPoint? _target;
    private CancellationTokenSource _cut = new();

    public ServiceForwarder(Func<IPEndPoint?> resolve)
    {
        _resolve = resolve;
        _listener.Start();
        _accept = Task.Run(AcceptAsync);
    }

    public IPEndPoint Address => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Resolves the target again; connections to a former target are cut.</summary>
    public void Refresh()
    {
        CancellationTokenSource? cut = null;
        lock (_gate)
        {
            var target = _resolve();
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
            var cut = cutSource.Token;
            if (target is null)
            {
                return;
            }

            using var backend = new TcpClient();
            try
            {
                await backend.ConnectAsync(target, cut);
                var a = client.GetStream();
                var b = backend.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, cut), b.CopyToAsync(a, cut));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // Connection refused, cut or closed: the client sees its connection end.
            }
        }
    }
}
