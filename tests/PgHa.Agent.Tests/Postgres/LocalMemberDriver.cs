using Npgsql;
using PgHa.Agent.Postgres;
using PgHa.Agent.Postgres.Local;
using Xunit.Abstractions;

namespace PgHa.Agent.Tests.Postgres;

/// <summary>Real PostgreSQL members in a temporary directory, all carrying one marker, and an Npgsql client.</summary>
internal sealed class LocalMemberDriver(PostgresBinaries binaries, ITestOutputHelper output) : MemberDriver
{
    private readonly List<LocalPostgres> _members = [];

    public string Directory { get; } = PostgresTestEnvironment.NewDirectory();

    public string Marker { get; } = PostgresProcesses.NewMarker();

    public override bool HasPostmaster => true;

    public override IPostgresInstance Create(string name, string host, int port)
    {
        var member = new LocalPostgres(name, host, port, Path.Combine(Directory, name), binaries, new OutputLogger(output, name), Marker);
        _members.Add(member);
        return member;
    }

    public override async Task PrepareAsync(IPostgresInstance primary, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(primary, cancellationToken);
        await using var command = new NpgsqlCommand("create table rows (id bigint primary key)", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async Task InsertAsync(IPostgresInstance member, long id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(member, cancellationToken);
        await using var command = new NpgsqlCommand("insert into rows (id) values ($1)", connection) { Parameters = { new() { Value = id } } };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async Task<IReadOnlyList<long>> SelectAsync(IPostgresInstance member, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(member, cancellationToken);
        await using var command = new NpgsqlCommand("select id from rows order by id", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(reader.GetInt64(0));
        }

        return rows;
    }

    // A commit waiting for its synchronous standby shows as a backend waiting on SyncRep.
    public override Task WaitUntilCommitWaitsAsync(IPostgresInstance primary, long id, CancellationToken cancellationToken) =>
        Eventually.WaitAsync(
            async () =>
            {
                await using var connection = await OpenAsync(primary, cancellationToken);
                await using var command = new NpgsqlCommand("select count(*) from pg_stat_activity where wait_event = 'SyncRep'", connection);
                return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
            },
            waiting => waiting > 0,
            $"a commit on {primary.Name} waits for its synchronous standby",
            cancellationToken);

    public override string Diagnose() =>
        string.Join("\n", _members.Select(m => $"--- {m.Name} ({m.LogPath}):\n{m.LogTail(40)}"));

    public override void AssertNothingLeft()
    {
        PostgresProcesses.Find(Marker).Should().BeEmpty("every PostgreSQL process of the members is gone");
        PostgresFiles.DeleteDirectory(Directory);
        System.IO.Directory.Exists(Directory).Should().BeFalse();
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            await member.DisposeAsync();
        }

        PostgresProcesses.KillAll(Marker);
        PostgresFiles.DeleteDirectory(Directory);
    }

    private static async Task<NpgsqlConnection> OpenAsync(IPostgresInstance member, CancellationToken cancellationToken)
    {
        // No command timeout: a commit waiting for its standby waits as long as the test's token allows.
        var connection = new NpgsqlConnection($"Host={member.Host};Port={member.Port};Username=postgres;Database=postgres;Pooling=false;Timeout=2;Command Timeout=0");
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
