using Microsoft.Extensions.Hosting;

namespace PgHa.Election.Hosting;

/// <summary>Runs the registered <see cref="ILeaderElector"/> for the host's lifetime; stopping the host steps down and releases the lock.</summary>
public sealed class LeaderElectionService : BackgroundService
{
    private readonly ILeaderElector _elector;

    /// <summary>Creates the service.</summary>
    /// <param name="elector">The elector to run.</param>
    public LeaderElectionService(ILeaderElector elector) => _elector = elector;

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _elector.RunAsync(stoppingToken);
}
