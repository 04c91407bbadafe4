using System.Net;
using Npgsql;

namespace PgHa.Demo.Load;

/// <summary>A real PostgreSQL client (Npgsql) connected to the master Service's address, as an application would be.</summary>
internal sealed class NpgsqlDatabaseClient(IPEndPoint service) : IDatabaseClient
{
    private readonly string _connectionString = new NpgsqlConnectionStringBuilder
    {
        Host = service.Address.ToString(),
        Port = service.Port,
        Username = "postgres",
        Database = "postgres",
        Pooling = false,
        Timeout = 2,
        CommandTimeout = 2,
        KeepAlive = 1,
    }.ConnectionString;

    private NpgsqlConnection? _connection;

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("create table if not exists pgha_demo (id bigint primary key, written_at timestamptz not null default now())", connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task WriteAsync(long id, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("insert into pgha_demo (id) values ($1)", connection) { Parameters = { new() { Value = id } } };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyCollection<long>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("select id from pgha_demo", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new HashSet<long>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
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

    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open } open)
        {
            return open;
        }

        await ResetAsync().ConfigureAwait(false);
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _connection = connection;
        return connection;
    }
}
