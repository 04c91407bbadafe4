using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace PgHa.Agent.Postgres.Local;

// What a member does over SQL: promotion, the synchronous standby, the health check, waiting for a start.
public sealed partial class LocalPostgres
{
    public async Task PromoteAsync(CancellationToken cancellationToken)
    {
        EnsureRunning("promote");
        await using (var connection = await OpenAsync(timeoutSeconds: 5, cancellationToken))
        {
            if (await ScalarAsync<bool>(connection, "select pg_is_in_recovery()", cancellationToken))
            {
                // pg_promote waits for the end of recovery itself (up to 60 s); the token bounds it too.
                await using var promote = new NpgsqlCommand("select pg_promote(wait => true, wait_seconds => 60)", connection) { CommandTimeout = 0 };
                if (await promote.ExecuteScalarAsync(cancellationToken) is not true)
                {
                    throw new InvalidOperationException($"{Name} did not finish its promotion within 60 s");
                }
            }
        }

        while (true)
        {
            await using var connection = await OpenAsync(timeoutSeconds: 1, cancellationToken);
            if (!await ScalarAsync<bool>(connection, "select pg_is_in_recovery()", cancellationToken))
            {
                // The control file names the new timeline only after a checkpoint, which PostgreSQL spreads out after a
                // promotion; until then pg_rewind against this primary finds "the same timeline" and rewinds nothing.
                await CheckpointAsync(connection, cancellationToken);
                break;
            }

            await Task.Delay(50, cancellationToken);
        }

        PostgresLog.Promoted(_logger, Name);
    }

    public async Task SetSynchronousStandbyAsync(string? standby, CancellationToken cancellationToken)
    {
        EnsureRunning("set the synchronous standby of");
        var names = PostgresConfiguration.SynchronousStandbyNames(standby);
        await using var connection = await OpenAsync(timeoutSeconds: 5, cancellationToken);

        // ALTER SYSTEM takes no parameters; the value is a quoted identifier inside a quoted literal.
        await using (var alter = new NpgsqlCommand("alter system set synchronous_standby_names = " + PostgresConfiguration.SqlLiteral(names), connection))
        {
            await alter.ExecuteNonQueryAsync(cancellationToken);
        }

        await ScalarAsync<bool>(connection, "select pg_reload_conf()", cancellationToken);
        PostgresLog.SynchronousStandbySet(_logger, Name, names);
    }

    public async Task<InstanceStatus> CheckAsync(CancellationToken cancellationToken)
    {
        // A dead postmaster is known without waiting for a connection to time out.
        if (_postmaster is null)
        {
            return InstanceStatus.Down("not running");
        }

        if (_postmaster.HasExited)
        {
            return InstanceStatus.Down(string.Create(CultureInfo.InvariantCulture, $"postmaster {_postmaster.Id} exited ({ExitDescription(_postmaster)})"));
        }

        try
        {
            await using var connection = await OpenAsync(timeoutSeconds: 1, cancellationToken);
            return await PostgresStatusQuery.ReadAsync(connection, cancellationToken);
        }
        catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
        {
            return InstanceStatus.Down(e.Message);
        }
    }

    private string ConnectionStringFor(int timeoutSeconds) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Username = "postgres",
        Database = "postgres",
        Timeout = timeoutSeconds,
        CommandTimeout = timeoutSeconds,
        // A killed server must not leave broken connections in a pool for the next check.
        Pooling = false,
        IncludeErrorDetail = false,
        ApplicationName = "pgha-agent",
    }.ConnectionString;

    private async Task<NpgsqlConnection> OpenAsync(int timeoutSeconds, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(ConnectionStringFor(timeoutSeconds));
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // A source promoted by someone else may not have checkpointed yet (see PromoteAsync); pg_rewind reads its control file.
    private async Task CheckpointSourceAsync(PrimaryAddress source, CancellationToken cancellationToken)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionStringFor(timeoutSeconds: 2)) { Host = source.Host, Port = source.Port };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await CheckpointAsync(connection, cancellationToken);
        }
        catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
        {
            // pg_rewind itself reports an unreachable source.
        }
    }

    private static async Task CheckpointAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var checkpoint = new NpgsqlCommand("checkpoint", connection) { CommandTimeout = 0 };
        await checkpoint.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task WaitUntilAcceptingAsync(Process postmaster, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (postmaster.HasExited)
            {
                throw new InvalidOperationException($"{Name}: postgres exited ({ExitDescription(postmaster)}) while starting; its log ends with:\n{LogTail()}");
            }

            try
            {
                await using var connection = await OpenAsync(timeoutSeconds: 1, cancellationToken);
                await ScalarAsync<int>(connection, "select 1", cancellationToken);
                return;
            }
            catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
            {
                // Not listening yet, or "the database system is starting up": ask again shortly.
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static bool IsConnectionFailure(Exception e, CancellationToken cancellationToken) =>
        e is NpgsqlException or SocketException or IOException or TimeoutException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}
