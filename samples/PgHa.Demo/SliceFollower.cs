using System.Threading.Channels;
using k8s;
using k8s.Models;

namespace PgHa.Demo;

/// <summary>Watches the master Service's EndpointSlices, as kube-proxy does, and lets the demo wait for an address to appear.</summary>
internal sealed class SliceFollower : IAsyncDisposable
{
    private readonly Channel<V1EndpointSlice> _slices = Channel.CreateUnbounded<V1EndpointSlice>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    public SliceFollower(IKubernetes client)
    {
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var (_, slice) in client.DiscoveryV1.WatchListNamespacedEndpointSliceAsync(
                    "default", labelSelector: "kubernetes.io/service-name=acid-minimal-cluster", cancellationToken: _stop.Token))
                {
                    await _slices.Writer.WriteAsync(slice, _stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                _slices.Writer.TryComplete();
            }
        });
    }

    public async Task<V1EndpointSlice> WaitForAddressAsync(string address, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var slice in _slices.Reader.ReadAllAsync(timeout.Token))
        {
            if (slice.Endpoints?.Any(e => e.Addresses.Contains(address)) == true)
            {
                return slice;
            }
        }

        throw new InvalidOperationException($"the slice watch ended before {address} appeared");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
    }
}
