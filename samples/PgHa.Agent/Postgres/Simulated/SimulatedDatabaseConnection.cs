using System.Globalization;

namespace PgHa.Agent.Postgres.Simulated;

/// <summary>
/// A client connection to a simulated member (directly or through a forwarder), as the demo's write load uses it:
/// <c>INSERT &lt;id&gt;</c> answered <c>OK</c> once committed (and, with a synchronous standby, once that standby holds
/// the row), and <c>SELECT</c> answered with every row. A member that stops or dies closes the connection: the call
/// then fails with an <see cref="IOException"/>, and the connection is of no further use. Cancelling a call also
/// closes it (its answer could still arrive). One call at a time.
/// </summary>
public sealed class SimulatedDatabaseConnection : IAsyncDisposable
{
    private readonly SimulatedLineStream _stream;

    private SimulatedDatabaseConnection(SimulatedLineStream stream) => _stream = stream;

    /// <summary>Connects to a member (or to the address that forwards to one).</summary>
    public static async Task<SimulatedDatabaseConnection> ConnectAsync(string host, int port, CancellationToken cancellationToken) =>
        new(await SimulatedLineStream.ConnectAsync(host, port, cancellationToken));

    /// <summary>Inserts the row <paramref name="id"/>; returns once the member acknowledged the commit.</summary>
    /// <exception cref="SimulatedDatabaseException">The member refused it (<c>read-only</c> on a standby).</exception>
    /// <exception cref="IOException">The connection closed before the answer came.</exception>
    public async Task InsertAsync(long id, CancellationToken cancellationToken)
    {
        var answer = await AskAsync(string.Create(CultureInfo.InvariantCulture, $"INSERT {id}"), cancellationToken);
        if (answer != "OK")
        {
            throw Refused(answer);
        }
    }

    /// <summary>Every row the member holds.</summary>
    public async Task<IReadOnlyList<long>> SelectAsync(CancellationToken cancellationToken)
    {
        var answer = await AskAsync("SELECT", cancellationToken);
        if (!answer.StartsWith("ROWS", StringComparison.Ordinal))
        {
            throw Refused(answer);
        }

        return [.. answer[4..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(id => long.Parse(id, CultureInfo.InvariantCulture))];
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    private async Task<string> AskAsync(string command, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteLineAsync(command, cancellationToken);
            return await _stream.ReadLineAsync(cancellationToken) ?? throw new IOException("the simulated member closed the connection");
        }
        catch (OperationCanceledException)
        {
            await _stream.DisposeAsync();
            throw;
        }
    }

    private static SimulatedDatabaseException Refused(string answer) =>
        new(answer.StartsWith("ERR ", StringComparison.Ordinal) ? answer[4..] : "unexpected answer: " + answer);
}
