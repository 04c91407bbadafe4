using Microsoft.Extensions.Hosting;

namespace PgHa.Testing.Hosting;

/// <summary>
/// A host lifetime that does nothing: an embedded server lives inside someone else's process (a test run,
/// an operator) and must not take over Ctrl+C or SIGTERM the way the default console lifetime does.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
