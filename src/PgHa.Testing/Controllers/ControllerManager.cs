using Microsoft.Extensions.Logging;
using PgHa.Testing.Api;
using PgHa.Testing.Resources;
using PgHa.Testing.Storage;

namespace PgHa.Testing.Controllers;

/// <summary>Runs the embedded cluster's controllers (the switchable ones as the options say) until disposed.</summary>
internal sealed class ControllerManager : IAsyncDisposable
{
    private readonly List<Func<CancellationToken, Task>> _loops = [];
    private readonly List<Action<StoreEvent>> _observers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];

    public ControllerManager(ApiOperations api, ResourceRegistry registry, KubeApiServerOptions options, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("PgHa.Testing.Controllers");
        var time = options.TimeProvider;
        Add(new NamespaceController(api, registry, Activity, time, logger));
        Add(new CustomResourceDefinitionController(api, registry, Activity, time, logger));
        if (options.EnableGarbageCollector)
        {
            Add(new GarbageCollector(api, Activity, time, logger));
        }

        if (options.EnableEndpointSliceController)
        {
            Add(new EndpointSliceController(api, Activity, time, logger));
        }

        if (options.EnableEndpointSliceMirroring)
        {
            Add(new EndpointSliceMirroringController(api, Activity, time, logger));
        }

        api.Store.AddListener(e =>
        {
            foreach (var observe in _observers)
            {
                observe(e);
            }
        });
    }

    public ControllerActivity Activity { get; } = new();

    public void Start()
    {
        foreach (var loop in _loops)
        {
            _running.Add(Task.Run(() => loop(_stop.Token)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_running).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private void Add<TKey>(Controller<TKey> controller)
        where TKey : notnull
    {
        _observers.Add(controller.Observe);
        _loops.Add(controller.RunAsync);
    }
}
