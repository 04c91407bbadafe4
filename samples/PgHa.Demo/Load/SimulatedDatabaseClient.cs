using System.Net;
using PgHa.Agent.Postgres.Simulated;

namespace PgHa.Demo.Load;

/// <summary>The demo's client for simulated members: the same writes and reads, over the simulation's line protocol.</summary>
internal sealed class SimulatedDatabaseClient(IPEndPoint service) : IDatabaseClient
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private SimulatedDatabaseConnection? _connection;

    public Task PrepareAsync(CancellationToken cancellationToken) => ConnectionAsync(cancellationToken);

    public async Task WriteAsync(long id, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        await connection.InsertAsync(id, limit.Token).ConfigureAwait(false);
    }

    public async Task<IReadOnlyCollection<long>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        return await connection.SelectAsync(limit.Token).ConfigureAwait(false);
    }

    public async Task ResetAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => new(ResetAsync());

    private async Task<SimulatedDatabaseConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } open)
        {
            return open;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Timeout);
        _connection = await SimulatedDatabaseConnection.ConnectAsync(service.Address.ToString(), service.Port, limit.Token).ConfigureAwait(false);
        return _connection;
    }
}
