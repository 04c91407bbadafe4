using System.Threading.Channels;
using PgHa.Testing.Json;
using PgHa.Testing.Resources;

namespace PgHa.Testing.Storage;

/// <summary>
/// A watcher of one resource. The store offers it every event under its lock, in resourceVersion
/// order; the subscription turns them into what this watcher sees (a change that makes an object stop
/// matching the selectors is a DELETED, one that makes it start matching is an ADDED, as kube's watch
/// cache does) and queues them for the HTTP writer. A watcher that falls too far behind is closed, as
/// kube-apiserver closes slow watchers, so one stuck client cannot grow the server's memory.
/// </summary>
internal sealed class WatchSubscription : IDisposable
{
    private readonly ObjectStore _store;
    private readonly Channel<WatchItem> _channel;
    private int _disposed;

    public WatchSubscription(ObjectStore store, ResourceType type, ObjectFilter filter, int capacity, string? client)
    {
        _store = store;
        Type = type;
        Filter = filter;
        Client = client;
        _channel = Channel.CreateBounded<WatchItem>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ResourceType Type { get; }

    public ObjectFilter Filter { get; }

    /// <summary>The client identity that opened the watch (for fault injection and logs).</summary>
    public string? Client { get; }

    /// <summary>True once the subscription stopped taking events because its reader fell behind.</summary>
    public bool Overflowed { get; private set; }

    public ChannelReader<WatchItem> Events => _channel.Reader;

    /// <summary>Offers a store event; called under the store's lock. Returns false when this subscription is finished.</summary>
    internal bool Offer(StoreEvent e)
    {
        if (!Filter.Matches(e.Object) && (e.Previous is null || !Filter.Matches(e.Previous)))
        {
            return true;
        }

        var item = Translate(e);
        return item is null || Enqueue(item.Value);
    }

    internal bool Enqueue(WatchItem item)
    {
        if (_channel.Writer.TryWrite(item))
        {
            return true;
        }

        Overflowed = true;
        _channel.Writer.TryComplete();
        return false;
    }

    /// <summary>Ends the stream, optionally after a final ERROR event carrying a Status.</summary>
    internal void Close(byte[]? status)
    {
        if (status is not null)
        {
            // A full queue cannot take the error; completing still ends the stream and the client re-lists.
            _channel.Writer.TryWrite(new WatchItem(WatchEventType.Error, null, 0, status));
        }

        _channel.Writer.TryComplete();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _store.Unsubscribe(this);
            _channel.Writer.TryComplete();
        }
    }

    private WatchItem? Translate(StoreEvent e)
    {
        switch (e.Type)
        {
            case WatchEventType.Added:
                return Filter.Matches(e.Object) ? new WatchItem(WatchEventType.Added, e.Object, e.ResourceVersion) : null;
            case WatchEventType.Deleted:
                return Filter.Matches(e.Object) ? new WatchItem(WatchEventType.Deleted, e.Object, e.ResourceVersion) : null;
            case WatchEventType.Modified:
                var now = Filter.Matches(e.Object);
                var before = e.Previous is not null && Filter.Matches(e.Previous);
                if (now)
                {
                    return new WatchItem(before ? WatchEventType.Modified : WatchEventType.Added, e.Object, e.ResourceVersion);
                }

                if (before)
                {
                    // kube sends the previous content, stamped with this event's resourceVersion.
                    var last = e.Previous!.CloneObject();
                    last.Metadata()["resourceVersion"] = e.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return new WatchItem(WatchEventType.Deleted, new StoredObject(e.Previous.Type, last, e.ResourceVersion), e.ResourceVersion);
                }

                return null;
            default:
                return null;
        }
    }
}
