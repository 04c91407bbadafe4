using System.Diagnostics;
using System.Globalization;
using System.Net;
using PgHa.Demo.Cluster;
using PgHa.Demo.Load;

namespace PgHa.Demo.Scenario;

/// <summary>
/// Runs one failure on the current leader while the client writes, and records what happened: the timeline of
/// agent, operator and kube-proxy events, the client-visible downtime (injection to the first write acknowledged by
/// the new primary) and the acknowledged writes the new primary does not have.
/// </summary>
internal sealed class FailoverScenario(DemoCluster cluster, WriteLoad load, IDatabaseClient reader, DemoSettings settings, LiveView view)
{
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(90);

    public static string Title(FailureKind kind) => kind switch
    {
        FailureKind.PostmasterKilled => "(a) SIGKILL the primary's postmaster; its agent lives",
        FailureKind.NodeLost => "(b) SIGKILL the primary's agent and postmaster together (a lost node)",
        _ => "(c) planned switchover",
    };

    public TimeSpan Limit(FailureKind kind) => kind switch
    {
        FailureKind.PostmasterKilled => TimeSpan.FromSeconds(3),
        FailureKind.NodeLost => settings.Ttl + TimeSpan.FromSeconds(5),
        _ => TimeSpan.FromSeconds(2),
    };

    public async Task<ScenarioResult> RunAsync(FailureKind kind, Random random, CancellationToken cancellationToken)
    {
        var timeline = new Timeline(Title(kind));
        var victim = cluster.Leader ?? throw new InvalidOperationException("no member leads");
        await Task.Delay(settings.Steady + TimeSpan.FromMilliseconds(random.Next(0, 1000)), cancellationToken).ConfigureAwait(false);

        var recording = false;
        void Record(long at, string text)
        {
            if (Volatile.Read(ref recording))
            {
                timeline.Add(at, text);
                view.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {timeline.Offset(at),7:+0.000} s  {text}"));
            }
        }

        var routes = new List<(IPEndPoint? Backend, long At)>();
        void Routed(IPEndPoint? backend, long at)
        {
            lock (routes)
            {
                routes.Add((backend, at));
            }
        }

        view.WriteLine("");
        view.WriteLine(timeline.Title + $": {victim.Name} leads");
        cluster.Happened += Record;
        cluster.Proxy.BackendChanged += Routed;
        try
        {
            Volatile.Write(ref recording, true);
            var injection = kind switch
            {
                FailureKind.PostmasterKilled => $"failure: kill -9 the postmaster of {victim.Name} (pid {victim.Instance.PostmasterPid?.ToString(CultureInfo.InvariantCulture) ?? "simulated"})",
                FailureKind.NodeLost => $"failure: {victim.Name}'s node is lost (agent and postmaster killed, nothing released)",
                _ => $"switchover requested from {victim.Name}",
            };
            timeline.Started(injection);
            view.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {0,7:+0.000} s  {injection}"));
            var switchover = Task.CompletedTask;
            switch (kind)
            {
                case FailureKind.PostmasterKilled:
                    victim.Instance.Kill();
                    break;
                case FailureKind.NodeLost:
                    await victim.CrashAsync().ConfigureAwait(false);
                    break;
                default:
                    switchover = victim.Agent.SwitchoverAsync(cancellationToken);
                    break;
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(RecoveryTimeout);
            string? problem = null;
            var downtime = RecoveryTimeout;
            try
            {
                var (successor, routedAt) = await WaitForNewRouteAsync(victim, routes, limit.Token).ConfigureAwait(false);
                var firstWrite = await load.WaitForAcknowledgedAfterAsync(routedAt, limit.Token).ConfigureAwait(false);
                downtime = load.Downtime(timeline.Start, firstWrite).LongestGap;
                Record(firstWrite, $"client: first write acknowledged by {successor.Name} through the Service");
                await switchover.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problem = $"no new primary served writes within {RecoveryTimeout.TotalSeconds:0} s";
            }

            var lost = problem is null ? await load.LostAsync(reader, limit.Token).ConfigureAwait(false) : [];
            var verdict = string.Create(CultureInfo.InvariantCulture, $"client-visible downtime {downtime.TotalSeconds:0.000} s (limit {Limit(kind).TotalSeconds:0.#} s), acknowledged writes lost: {lost.Count}");
            view.WriteLine("  " + verdict);

            // The timeline goes on until the victim is back as a replica (rewind or clone, streaming again).
            if (problem is null)
            {
                problem = await RecoverAsync(kind, victim, Record, cancellationToken).ConfigureAwait(false);
            }

            Volatile.Write(ref recording, false);
            timeline.Add(verdict);

            return new ScenarioResult(kind, timeline.Title, downtime, Limit(kind), lost.Count, timeline, problem);
        }
        finally
        {
            cluster.Happened -= Record;
            cluster.Proxy.BackendChanged -= Routed;
        }
    }

    // A member other than the victim leads and the Service forwards to it: returns it and when kube-proxy switched.
    private async Task<(DemoMember Successor, long RoutedAt)> WaitForNewRouteAsync(DemoMember victim, List<(IPEndPoint? Backend, long At)> routes, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (cluster.Leader is { } leader && leader != victim)
            {
                lock (routes)
                {
                    foreach (var (backend, at) in routes)
                    {
                        if (Equals(backend?.Address, leader.Address))
                        {
                            return (leader, at);
                        }
                    }
                }
            }

            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    // Back to three healthy members before the next failure: the victim rejoins as a replica (after a lost node, its
    // pod is rescheduled with its volume and a new agent).
    private async Task<string?> RecoverAsync(FailureKind kind, DemoMember victim, Action<long, string> record, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (kind == FailureKind.NodeLost)
        {
            record(Stopwatch.GetTimestamp(), $"{victim.Name}'s pod is rescheduled: a new agent starts on its old data directory");
            await victim.RestartAsync().ConfigureAwait(false);
        }

        try
        {
            await cluster.WaitHealthyAsync(!settings.Asynchronous, RecoveryTimeout, cancellationToken).ConfigureAwait(false);
            record(Stopwatch.GetTimestamp(), $"{victim.Name} streams as a replica again; the cluster is healthy");
            return null;
        }
        catch (TimeoutException e)
        {
            return e.Message;
        }
    }
}
