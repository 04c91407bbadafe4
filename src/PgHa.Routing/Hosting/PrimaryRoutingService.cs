using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PgHa.Routing.Diagnostics;
using PgHa.Routing.Routers;

namespace PgHa.Routing.Hosting;

/// <summary>
/// Ensures the cluster's Services when the host starts (retrying while the API fails), then runs the router's watch
/// and drift repair for the host's lifetime. The route itself is asked for by the application (e.g. on leader changes)
/// through <see cref="IPrimaryRouter.RouteAsync"/>.
/// </summary>
public sealed partial class PrimaryRoutingService : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly IPrimaryRouter _router;
    private readonly IServiceProvisioner _provisioner;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the service.</summary>
    /// <param name="router">The router to run.</param>
    /// <param name="provisioner">Ensures the Services.</param>
    /// <param name="timeProvider">The clock for back-off.</param>
    /// <param name="logger">The logger.</param>
    public PrimaryRoutingService(IPrimaryRouter router, IServiceProvisioner provisioner, TimeProvider? timeProvider = null, ILogger<PrimaryRoutingService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(router);
        ArgumentNullException.ThrowIfNull(provisioner);
        _router = router;
        _provisioner = provisioner;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await _provisioner.EnsureServicesAsync(stoppingToken).ConfigureAwait(false);
                break;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The Services are retried until the API answers; the host keeps running meanwhile.
            catch (Exception e)
#pragma warning restore CA1031
            {
                ProvisioningFailed(_logger, backoff, e);
            }

            try
            {
                await Task.Delay(backoff, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }

        await _router.RunAsync(stoppingToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = RoutingEventIds.ServiceMissing, Level = LogLevel.Warning, Message = "Could not ensure the cluster's Services; retrying in {Backoff}")]
    private static partial void ProvisioningFailed(ILogger logger, TimeSpan backoff, Exception exception);
}
