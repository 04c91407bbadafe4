using k8s;
using k8s.Models;
using PgHa.Testing.Tests.Support;

namespace PgHa.Operator.Tests.Support;

/// <summary>
/// Waits until a condition over every object of a kind holds, by listing once and then following a watch (no polling,
/// no sleeps); the timeout only ever fails the test. A watch that ends is resumed, one that expires lists again.
/// </summary>
internal static class ApiWaiter
{
    public static async Task<IReadOnlyDictionary<string, T>> UntilAsync<T>(
        Func<CancellationToken, Task<(IEnumerable<T> Items, string? Version)>> list,
        Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch,
        Func<IReadOnlyDictionary<string, T>, bool> done,
        TimeSpan? timeout = null,
        string? what = null)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        using var limit = new CancellationTokenSource(timeout ?? TestTimeouts.Default);
        var items = new Dictionary<string, T>(StringComparer.Ordinal);
        try
        {
            var relist = true;
            string? version = null;
            while (true)
            {
                if (relist)
                {
                    var (listed, listVersion) = await list(limit.Token);
                    items.Clear();
                    foreach (var item in listed)
                    {
                        items[Key(item)] = item;
                    }

                    version = listVersion;
                    relist = false;
                }

                if (done(items))
                {
                    return items;
                }

                Exception? failure = null;
                await foreach (var (type, item) in watch(version ?? "0", e => failure ??= e, limit.Token))
                {
                    if (item?.Metadata is null)
                    {
                        continue;
                    }

                    version = item.ResourceVersion() ?? version;
                    if (type == WatchEventType.Deleted)
                    {
                        items.Remove(Key(item));
                    }
                    else if (type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        items[Key(item)] = item;
                    }

                    if (done(items))
                    {
                        return items;
                    }
                }

                relist = failure is not null;
            }
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out waiting for {what ?? typeof(T).Name}; last seen {items.Count} objects.");
        }
    }

    private static string Key(IKubernetesObject<V1ObjectMeta> item) => item.Namespace() + "/" + item.Name();
}
