using Microsoft.Extensions.Logging;
using PgHa.Testing.Api;
using PgHa.Testing.Storage;

namespace PgHa.Testing.Controllers;

/// <summary>
/// A controller of the embedded cluster: it hears every store change (under the store lock, so it only
/// queues keys there), and reconciles one key at a time on its own worker through <see cref="ApiOperations"/>,
/// so its writes follow the same rules and produce the same watch events as a client's.
/// </summary>
internal abstract partial class Controller<TKey>
    where TKey : notnull
{
    private readonly WorkQueue<TKey> _queue;
    private readonly ILogger _logger;

    protected Controller(ApiOperations api, ControllerActivity activity, TimeProvider time, ILogger logger)
    {
        Api = api;
        _logger = logger;
        _queue = new WorkQueue<TKey>(activity, time);
    }

    protected ApiOperations Api { get; }

    public abstract string Name { get; }

    /// <summary>Decides which keys a change concerns; runs under the store lock, so it must be quick and must not write.</summary>
    public abstract void Observe(StoreEvent e);

    /// <summary>Brings one key to its desired state.</summary>
    protected abstract Task ReconcileAsync(TKey key, CancellationToken cancellationToken);

    /// <summary>Queues keys for the state that existed before the controller started.</summary>
    public virtual void Resync()
    {
    }

    public void Enqueue(TKey key) => _queue.Add(key);

    public Task RunAsync(CancellationToken cancellationToken) =>
        _queue.RunAsync(ReconcileAsync, (key, e) => LogReconcileFailed(_logger, Name, key.ToString() ?? string.Empty, e), cancellationToken);

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Controller {Controller} failed to reconcile {Key}; retrying")]
    private static partial void LogReconcileFailed(ILogger logger, string controller, string key, Exception exception);
}
