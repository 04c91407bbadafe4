using System.Threading.Channels;
using k8s;

namespace PgHa.Testing.Tests.Support;

/// <summary>Collects a KubernetesClient watch stream in the background so a test can wait for the event it expects.</summary>
internal sealed class WatchRecorder<T> : IAsyncDisposable
{
    private readonly Channel<(WatchEventType Type, T Object)> _events = Channel.CreateUnbounded<(WatchEventType, T)>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    public WatchRecorder(Func<Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> open)
    {
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in open(ex => Errors.Add(ex), _stop.Token))
                {
                    _events.Writer.TryWrite(e);
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                Errors.Add(e);
            }
            finally
            {
                _events.Writer.TryComplete();
            }
        });
    }

    public List<Exception> Errors { get; } = [];

    public List<(WatchEventType Type, T Object)> Seen { get; } = [];

    /// <summary>The next event, failing the test if none comes in time.</summary>
    public async Task<(WatchEventType Type, T Object)> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        var e = await ReadAsync(timeout.Token);
        Seen.Add(e);
        return e;
    }

    /// <summary>Reads events until one matches, failing the test if none does in time.</summary>
    public async Task<(WatchEventType Type, T Object)> WaitForAsync(Func<WatchEventType, T, bool> predicate)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while (true)
        {
            var e = await ReadAsync(timeout.Token);
            Seen.Add(e);
            if (predicate(e.Type, e.Object))
            {
                return e;
            }
        }
    }

    /// <summary>Completes when the server ends the stream.</summary>
    public async Task WaitForEndAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while (await _events.Reader.WaitToReadAsync(timeout.Token))
        {
            while (_events.Reader.TryRead(out var e))
            {
                Seen.Add(e);
            }
        }
    }

    private async Task<(WatchEventType Type, T Object)> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _events.Reader.ReadAsync(cancellationToken);
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            throw new InvalidOperationException(
                $"the watch ended after {Seen.Count} events; errors: {string.Join(" | ", Errors.Select(e => e.GetType().Name + ": " + e.Message))}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
