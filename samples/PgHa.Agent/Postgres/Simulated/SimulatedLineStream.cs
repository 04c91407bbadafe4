using System.Net.Sockets;
using System.Text;

namespace PgHa.Agent.Postgres.Simulated;

/// <summary>
/// The simulation's wire format over one TCP connection: UTF-8 lines ending in <c>\n</c>. Reading returns null when the
/// peer closed the connection. Disposing closes the socket, which also ends a read or write in progress.
/// </summary>
internal sealed class SimulatedLineStream : IAsyncDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly TcpClient _client;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;

    public SimulatedLineStream(TcpClient client)
    {
        _client = client;
        _client.NoDelay = true;
        var stream = client.GetStream();
        _reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: false);
        _writer = new StreamWriter(stream, Utf8) { NewLine = "\n", AutoFlush = false };
    }

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static async Task<SimulatedLineStream> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, cancellationToken);
            return new SimulatedLineStream(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => _reader.ReadLineAsync(cancellationToken);

    public async Task WriteLineAsync(string line, CancellationToken cancellationToken)
    {
        await _writer.WriteAsync((line + "\n").AsMemory(), cancellationToken);
        await _writer.FlushAsync(cancellationToken);
    }

    /// <summary>Writes several lines in one flush (a WAL sender's batch).</summary>
    public async Task WriteLinesAsync(IEnumerable<string> lines, CancellationToken cancellationToken)
    {
        foreach (var line in lines)
        {
            await _writer.WriteAsync((line + "\n").AsMemory(), cancellationToken);
        }

        await _writer.FlushAsync(cancellationToken);
    }

    /// <summary>Closes the connection; reads and writes in progress on other threads end at once.</summary>
    public void Close()
    {
        _client.Dispose();
        _reader.Dispose();
        try
        {
            _writer.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Unflushed bytes of a connection that is gone.
        }
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }
}
