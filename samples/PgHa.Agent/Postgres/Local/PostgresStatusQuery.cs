using Npgsql;
using NpgsqlTypes;

namespace PgHa.Agent.Postgres.Local;

/// <summary>The health check's SQL and how its answers become an <see cref="InstanceStatus"/>.</summary>
internal static class PostgresStatusQuery
{
    // One round trip. The CASE keeps pg_current_wal_lsn() (an error during recovery) off standbys. A primary's timeline
    // is that of its current WAL file (pg_control_checkpoint() lags behind a promotion until the next checkpoint); a
    // standby's is what its WAL receiver streams, else the last restartpoint's.
    private const string ServerSql = """
        select pg_is_in_recovery(),
               case when pg_is_in_recovery() then coalesce(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) else pg_current_wal_lsn() end,
               case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_lsn() end,
               case when pg_is_in_recovery()
                    then coalesce((select received_tli from pg_stat_wal_receiver), (pg_control_checkpoint()).timeline_id)
                    else ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int end
        """;

    private const string StandbysSql = "select application_name, state, sync_state, flush_lsn from pg_stat_replication order by application_name";

    public static async Task<InstanceStatus> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        bool inRecovery;
        long? position, replay;
        int? timeline;
        await using (var command = new NpgsqlCommand(ServerSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            inRecovery = reader.GetBoolean(0);
            position = Lsn(reader, 1);
            replay = Lsn(reader, 2);
            timeline = reader.IsDBNull(3) ? null : reader.GetInt32(3);
        }

        var standbys = new List<StandbyStatus>();
        await using (var command = new NpgsqlCommand(StandbysSql, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                standbys.Add(new StandbyStatus(Text(reader, 0), Text(reader, 1), Text(reader, 2), Lsn(reader, 3)));
            }
        }

        return new InstanceStatus(Running: true, inRecovery, position, replay, timeline, standbys);
    }

    /// <summary>A <c>pg_lsn</c> column as the 64-bit position it is.</summary>
    public static long? Lsn(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : (long)(ulong)reader.GetFieldValue<NpgsqlLogSequenceNumber>(ordinal);

    private static string Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? "" : reader.GetString(ordinal);
}
