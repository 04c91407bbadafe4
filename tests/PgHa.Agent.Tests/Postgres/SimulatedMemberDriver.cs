using System.Net.Sockets;
using PgHa.Agent.Postgres;
using PgHa.Agent.Postgres.Simulated;
using Xunit.Abstractions;

namespace PgHa.Agent.Tests.Postgres;

/// <summary>Simulated members and the line-protocol client the demo uses.</summary>
internal sealed class SimulatedMemberDriver(ITestOutputHelper output) : MemberDriver
{
    private readonly List<SimulatedPostgres> _members = [];

    public override bool HasPostmaster => false;

    public override IPostgresInstance Create(string name, string host, int port)
    {
        var member = new SimulatedPostgres(name, host, port, new OutputLogger(output, name));
        _members.Add(member);
        return member;
    }

    public override Task PrepareAsync(IPostgresInstance primary, CancellationToken cancellationToken) => Task.CompletedTask;

    public override async Task InsertAsync(IPostgresInstance member, long id, CancellationToken cancellationToken)
    {
        await using var connection = await SimulatedDatabaseConnection.ConnectAsync(member.Host, member.Port, cancellationToken);
        await connection.InsertAsync(id, cancellationToken);
    }

    public override async Task<IReadOnlyList<long>> SelectAsync(IPostgresInstance member, CancellationToken cancellationToken)
    {
        await using var connection = await SimulatedDatabaseConnection.ConnectAsync(member.Host, member.Port, cancellationToken);
        return await connection.SelectAsync(cancellationToken);
    }

    // The simulation commits a row locally before it waits for the standby, as PostgreSQL does.
    public override Task WaitUntilCommitWaitsAsync(IPostgresInstance primary, long id, CancellationToken cancellationToken) =>
        Eventually.WaitAsync(() => Task.FromResult(((SimulatedPostgres)primary).Rows.Contains(id)), held => held, $"{primary.Name} holds row {id}", cancellationToken);

    public override void AssertNothingLeft()
    {
        foreach (var member in _members)
        {
            using var client = new TcpClient();
            client.Invoking(c => c.Connect(member.Host, member.Port)).Should().Throw<SocketException>($"{member.Name} no longer listens");
        }
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            await member.DisposeAsync();
        }
    }
}
