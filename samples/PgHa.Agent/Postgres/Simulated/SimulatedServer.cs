using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace PgHa.Agent.Postgres.Simulated;

/// <summary>
/// One running period of a simulated member (its "postmaster"): the listener, every open connection and, on a
/// standby, the WAL receiver. Ending it closes them all at once, like a killed server; the database stays.
/// </summary>
internal sealed class SimulatedServer : IAsyncDisposable
{
    private readonly string _name;
    private readonly SimulatedDatabase _database;
    private readonly ILogger _logger;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _receiving;
    private readonly Lock _gate = new();
    private readonly HashSet<SimulatedLineStream> _connections = [];
    private readonly List<Task> _tasks = [];

    /// <summary>Listens on <paramref name="host"/>:<paramref name="port"/> (throws when it cannot) and, when following, starts streaming.</summary>
    public SimulatedServer(string name, string host, int port, SimulatedDatabase database, PrimaryAddress? follow, ILogger logger)
    {
        _name = name;
        _database = database;
        _logger = logger;
        _receiving = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        _listener = new TcpListener(IPAddress.Parse(host), port);
        try
        {
            _listener.Start();
        }
        catch
        {
            _receiving.Dispose();
            _stopping.Dispose();
            throw;
        }

        _tasks.Add(AcceptAsync());
        if (follow is not null)
        {
            _tasks.Add(new SimulatedWalReceiver(name, database, follow, logger).RunAsync(_receiving.Token));
        }
    }

    /// <summary>Ends the WAL receiver (a promotion).</summary>
    public void StopReceiving() => _receiving.Cancel();

    /// <summary>Closes the listener and every connection now (a kill); the handlers finish on their own.</summary>
    public void Close()
    {
        SimulatedLineStream[] open;
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();
            open = [.. _connections];
        }

        _listener.Stop();
        foreach (var connection in open)
        {
            connection.Close();
        }
    }

    /// <summary>Closes everything (see <see cref="Close"/>) and waits for the handlers to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        Close();
        Task[] tasks;
        lock (_gate)
        {
            tasks = [.. _tasks];
        }

        foreach (var task in tasks)
        {
            try
            {
                await task;
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or FormatException)
            {
                // A handler that failed while everything closed; the member is stopping anyway.
                SimulatedLog.ConnectionFailed(_logger, _name, e);
            }
        }

        _receiving.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var connection = new SimulatedLineStream(client);
            lock (_gate)
            {
                if (_stopping.IsCancellationRequested)
                {
                    client.Dispose();
                    return;
                }

                _connections.Add(connection);
                _tasks.Add(ServeAsync(connection));
            }
        }
    }

    private async Task ServeAsync(SimulatedLineStream connection)
    {
        await Task.Yield();
        try
        {
            await new SimulatedSession(_database, connection).RunAsync(_stopping.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or FormatException)
        {
            if (!_stopping.IsCancellationRequested)
            {
                SimulatedLog.ConnectionFailed(_logger, _name, e);
            }
        }
        finally
        {
            lock (_gate)
            {
                _connections.Remove(connection);
            }

            connection.Close();
        }
    }
}
