using System.Diagnostics;
using System.Threading.Channels;
using k8s;
using k8s.Models;

namespace PgHa.Interop.Tests.Support;

/// <summary>
/// A list and a watch of objects of one kind, read in the background; the test waits for the state it expects and
/// learns when (a monotonic timestamp) it was read. Waits only ever fail a test, never make one pass.
/// </summary>
/// <typeparam name="T">The kind.</typeparam>
internal sealed class ObjectWatch<T> : IAsyncDisposable
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Channel<(long At, WatchEventType Type, T Object)> _events = Channel.CreateUnbounded<(long, WatchEventType, T)>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    private ObjectWatch(IList<T> items, Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch, string version)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var item in items)
        {
            _events.Writer.TryWrite((now, WatchEventType.Added, item));
        }

        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var (type, item) in watch(version, e => Errors.Add(e), _stop.Token))
                {
                    _events.Writer.TryWrite((Stopwatch.GetTimestamp(), type, item));
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

    /// <summary>The objects as last read, by name.</summary>
    public Dictionary<string, T> Current { get; } = new(StringComparer.Ordinal);

    public static async Task<ObjectWatch<T>> StartAsync<TList>(
        Func<CancellationToken, Task<TList>> list,
        Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
        where TList : IKubernetesObject<V1ListMeta>, IItems<T>
    {
        var listed = await list(CancellationToken.None);
        return new ObjectWatch<T>(listed.Items, watch, listed.ResourceVersion());
    }

    /// <summary>Reads events until <paramref name="predicate"/> holds for the objects as read; fails after <paramref name="timeout"/>.</summary>
    public async Task<long> WaitForAsync(Func<IReadOnlyDictionary<string, T>, bool> predicate, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        using var limit = new CancellationTokenSource(timeout);
        if (predicate(Current))
        {
            return Stopwatch.GetTimestamp();
        }

        try
        {
            while (true)
            {
                var (at, type, item) = await _events.Reader.ReadAsync(limit.Token);
                if (type == WatchEventType.Deleted)
                {
                    Current.Remove(item.Name());
                }
                else if (type is WatchEventType.Added or WatchEventType.Modified)
                {
                    Current[item.Name()] = item;
                }

                if (predicate(Current))
                {
                    return at;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the expected state of {typeof(T).Name}s did not come within {timeout}; watch errors: {string.Join("; ", Errors.Select(e => e.Message))}{Environment.NewLine}{diagnostics?.Invoke()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
    }
}
