using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace PgHa.Agent.Postgres.Simulated;

/// <summary>
/// A simulated standby's WAL receiver: connects to the address it follows (in the demo, the master Service's
/// forwarder, which cuts connections when the primary changes), asks to stream from its own position and stores and
/// acknowledges every entry. Reconnects until stopped, as PostgreSQL's does every <c>wal_retrieve_retry_interval</c>.
/// </summary>
internal sealed class SimulatedWalReceiver(string name, SimulatedDatabase database, PrimaryAddress follow, ILogger logger)
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(200);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? lastProblem = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            string problem;
            try
            {
                problem = await StreamAsync(cancellationToken);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or FormatException)
            {
                // Stopping closes the connection under a read: whatever that throws then is no problem to report.
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                problem = e.Message;
            }

            // Once per kind of problem: a standby waiting for its primary would otherwise log five times a second.
            if (problem != lastProblem)
            {
                SimulatedLog.ReceiverProblem(logger, name, follow.Host, follow.Port, problem);
                lastProblem = problem;
            }

            try
            {
                await Task.Delay(RetryInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // Returns why streaming ended.
    private async Task<string> StreamAsync(CancellationToken cancellationToken)
    {
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connectTimeout.CancelAfter(TimeSpan.FromSeconds(2));
        await using var stream = await SimulatedLineStream.ConnectAsync(follow.Host, follow.Port, connectTimeout.Token);
        var (count, last) = database.Tip();
        var request = last is { } entry
            ? string.Create(CultureInfo.InvariantCulture, $"REPLICATE {name} {count} {entry.Id} {entry.Timeline}")
            : string.Create(CultureInfo.InvariantCulture, $"REPLICATE {name} {count}");
        await stream.WriteLineAsync(request, cancellationToken);
        var answer = await stream.ReadLineAsync(cancellationToken);
        if (answer is null || !answer.StartsWith("OK ", StringComparison.Ordinal))
        {
            return answer is null ? "the primary closed the connection" : answer;
        }

        database.FollowTimeline(int.Parse(answer[3..], CultureInfo.InvariantCulture));
        SimulatedLog.Streaming(logger, name, follow.Host, follow.Port, count);
        while (await stream.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Split(' ') is not ["ROW", var id, var timeline])
            {
                return "unexpected line from the primary: " + line;
            }

            if (!database.Receive(new SimulatedEntry(long.Parse(id, CultureInfo.InvariantCulture), int.Parse(timeline, CultureInfo.InvariantCulture)), count, out count))
            {
                return "the stream does not continue this standby's log";
            }

            await stream.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ACK {count}"), cancellationToken);
        }

        return "the primary closed the connection";
    }
}
