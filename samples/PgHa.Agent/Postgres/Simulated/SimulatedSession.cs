using System.Globalization;

namespace PgHa.Agent.Postgres.Simulated;

/// <summary>
/// The server side of one connection to a simulated member: a client's <c>INSERT</c>/<c>SELECT</c>, a standby's
/// <c>REPLICATE</c> (which turns the connection into a WAL stream) or a clone's <c>BASEBACKUP</c>.
/// </summary>
internal sealed class SimulatedSession(SimulatedDatabase database, SimulatedLineStream stream)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (await stream.ReadLineAsync(cancellationToken) is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (words.FirstOrDefault())
            {
                case "INSERT":
                    await InsertAsync(words, cancellationToken);
                    break;
                case "SELECT":
                    await stream.WriteLineAsync("ROWS " + string.Join(',', database.Rows().Select(id => id.ToString(CultureInfo.InvariantCulture))), cancellationToken);
                    break;
                case "REPLICATE":
                    await ReplicateAsync(words, cancellationToken);
                    return;
                case "BASEBACKUP":
                    await BackupAsync(cancellationToken);
                    return;
                default:
                    await stream.WriteLineAsync("ERR unknown command", cancellationToken);
                    break;
            }
        }
    }

    private async Task InsertAsync(string[] words, CancellationToken cancellationToken)
    {
        if (words.Length != 2 || !long.TryParse(words[1], CultureInfo.InvariantCulture, out var id))
        {
            await stream.WriteLineAsync("ERR usage: INSERT <id>", cancellationToken);
            return;
        }

        if (database.Append(id) is not { } count)
        {
            if (database.IsShuttingDown)
            {
                // As PostgreSQL's fast shutdown: the session ends without an answer.
                throw new IOException("the server is shutting down");
            }

            await stream.WriteLineAsync("ERR read-only", cancellationToken);
            return;
        }

        // As in PostgreSQL, the row is committed locally now; the client hears so only once the synchronous standby
        // holds it. Without that standby the wait lasts until the client gives up or the server stops.
        await database.WaitAsync(() => database.IsSynchronouslyCommitted(count), cancellationToken);
        await stream.WriteLineAsync("OK", cancellationToken);
    }

    // REPLICATE <name> <count> [<last id> <last timeline>]
    private async Task ReplicateAsync(string[] words, CancellationToken cancellationToken)
    {
        if (words.Length is not (3 or 5) || !int.TryParse(words[2], CultureInfo.InvariantCulture, out var count) || count < 0)
        {
            await stream.WriteLineAsync("ERR usage: REPLICATE <name> <count> [<last id> <last timeline>]", cancellationToken);
            return;
        }

        SimulatedEntry? last = words.Length == 5
            ? new SimulatedEntry(long.Parse(words[3], CultureInfo.InvariantCulture), int.Parse(words[4], CultureInfo.InvariantCulture))
            : null;
        var (replica, timeline, error) = database.AddReplica(words[1], count, last);
        if (replica is null)
        {
            await stream.WriteLineAsync("ERR " + error, cancellationToken);
            return;
        }

        try
        {
            await stream.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"OK {timeline}"), cancellationToken);
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var acknowledgements = ReadAcknowledgementsAsync(replica, ended.Token);
            try
            {
                await SendAsync(count, acknowledgements, ended.Token);
            }
            finally
            {
                await ended.CancelAsync();
                await acknowledgements.ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        finally
        {
            database.RemoveReplica(replica);
        }
    }

    // The WAL sender: ships every entry from the standby's position on, as they are committed, until either side stops.
    private async Task SendAsync(int sent, Task acknowledgements, CancellationToken cancellationToken)
    {
        while (!acknowledgements.IsCompleted)
        {
            var entries = database.EntriesFrom(sent);
            if (entries.Count == 0)
            {
                var more = database.WaitAsync(() => database.EntriesFrom(sent).Count > 0, cancellationToken);
                await Task.WhenAny(more, acknowledgements);
                if (more.IsCanceled || acknowledgements.IsCompleted)
                {
                    return;
                }

                continue;
            }

            await stream.WriteLinesAsync(entries.Select(e => string.Create(CultureInfo.InvariantCulture, $"ROW {e.Id} {e.Timeline}")), cancellationToken);
            sent += entries.Count;
        }
    }

    // ACK <count>: the standby holds that many entries. Ends when the standby goes away.
    private async Task ReadAcknowledgementsAsync(SimulatedReplica replica, CancellationToken cancellationToken)
    {
        while (await stream.ReadLineAsync(cancellationToken) is { } line)
        {
            var words = line.Split(' ');
            if (words is ["ACK", var value] && int.TryParse(value, CultureInfo.InvariantCulture, out var count))
            {
                database.Acknowledge(replica, count);
            }
        }
    }

    // BACKUP <system identifier> <timeline> <count>, then one "<id> <timeline>" line per entry.
    private async Task BackupAsync(CancellationToken cancellationToken)
    {
        var backup = database.Backup();
        await stream.WriteLinesAsync(
            [
                string.Create(CultureInfo.InvariantCulture, $"BACKUP {backup.SystemIdentifier} {backup.Timeline} {backup.Entries.Count}"),
                .. backup.Entries.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Id} {e.Timeline}")),
            ],
            cancellationToken);
    }

    /// <summary>Fetches a base backup from the member at <paramref name="host"/>:<paramref name="port"/>.</summary>
    public static async Task<SimulatedBackup> FetchBackupAsync(string host, int port, CancellationToken cancellationToken)
    {
        await using var stream = await SimulatedLineStream.ConnectAsync(host, port, cancellationToken);
        await stream.WriteLineAsync("BASEBACKUP", cancellationToken);
        var header = (await stream.ReadLineAsync(cancellationToken))?.Split(' ');
        if (header is not ["BACKUP", var systemIdentifier, var timeline, var count])
        {
            throw new IOException($"{host}:{port} sent no base backup");
        }

        var entries = new List<SimulatedEntry>();
        for (var i = 0; i < int.Parse(count, CultureInfo.InvariantCulture); i++)
        {
            var entry = (await stream.ReadLineAsync(cancellationToken))?.Split(' ') ?? throw new IOException($"{host}:{port} closed the base backup early");
            entries.Add(new SimulatedEntry(long.Parse(entry[0], CultureInfo.InvariantCulture), int.Parse(entry[1], CultureInfo.InvariantCulture)));
        }

        return new SimulatedBackup(systemIdentifier, int.Parse(timeline, CultureInfo.InvariantCulture), entries);
    }
}
