using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using k8s;
using k8s.Models;
using PgHa.Chaos.Tests.History;
using PgHa.Election;
using PgHa.Routing;
using PgHa.Routing.Routers;
using PgHa.Testing;

namespace PgHa.Chaos.Tests.Scenario;

/// <summary>
/// Runs one <see cref="FaultPlan"/> in a namespace of its own on a shared embedded API server: the members, two
/// route followers (follower-a, never slowed, which the routing check is about; follower-b, which faults make lag, so
/// that its late writes test the fencing), the recorders, and the faults on schedule. Then it waits for the cluster
/// to settle (or for the liveness bound to pass) and checks the history.
/// </summary>
internal static class ScenarioRunner
{
    public const string Scope = "pg";

    /// <summary>Annotations of others (Patroni's and a stranger's) put on the lock at the start; every version must keep them.</summary>
    public static readonly IReadOnlyDictionary<string, string> ForeignAnnotations = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["slots"] = "{\"pgha_chaos\":12345}",
        ["failsafe"] = "{\"m0\":\"http://m0:8008/patroni\"}",
        ["chaos.pgha.io/unknown"] = "must survive",
    };

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    /// <param name="server">The shared server.</param>
    /// <param name="plan">The members and faults.</param>
    /// <param name="runId">Names the namespace; unique per server.</param>
    /// <param name="limits">The checker's bounds.</param>
    /// <param name="configure">Changes the electors' options (the broken variant).</param>
    /// <param name="setupGate">Limits how many scenarios set up at once (a burst of setups would slow the running ones).</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<ScenarioResult> RunAsync(KubeApiServer server, FaultPlan plan, string runId, CheckerLimits limits,
        Action<LeaderElectorOptions>? configure = null, SemaphoreSlim? setupGate = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(plan);
        if (setupGate is not null)
        {
            await setupGate.WaitAsync(cancellationToken);
        }

        var started = ChaosHistory.Now;
        var ns = "chaos-" + runId;
        var history = new ChaosHistory();
        var counts = new ConcurrentDictionary<FaultKind, int>();
        var routerOptions = new PrimaryRouterOptions { ClusterName = Scope, Namespace = ns, Team = "chaos" };
        LeaderElectorOptions LockOptions(string identity)
        {
            var options = new LeaderElectorOptions
            {
                Scope = Scope, Identity = identity, Namespace = ns, LockKind = plan.LockKind,
                Ttl = ChaosTimings.Ttl, LoopWait = ChaosTimings.LoopWait, RetryTimeout = ChaosTimings.RetryTimeout,
                RenewDeadline = ChaosTimings.RenewDeadline,

                // A stopped member is a crashed one: nothing is written, the lock expires.
                ReleaseOnStop = false,
            };
            configure?.Invoke(options);
            return options;
        }

        Observers observers;
        try
        {
            await PrepareAsync(server.Client, ns, plan.LockKind, routerOptions, cancellationToken);
            observers = new Observers(server.CreateClient(ns + "-observer"), history, LockOptions("observer"), routerOptions);
            await observers.Listed.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
        finally
        {
            setupGate?.Release();
        }

        var followers = new List<RouteFollower>();
        foreach (var name in new[] { FaultPlan.FollowerA, FaultPlan.FollowerB })
        {
            followers.Add(new RouteFollower(name, server.CreateClient(ns + "-" + name), LockOptions(name), routerOptions, history, AddressOf));
        }

        var members = Enumerable.Range(0, plan.Members)
            .Select(i => FaultPlan.Member(i))
            .Select(m => new ChaosMember(server, history, m, ns + "-" + m, ChaosTimings.Speed * plan.DriftOf(m), LockOptions))
            .ToDictionary(m => m.Identity);
        try
        {
            foreach (var member in members.Values)
            {
                member.Start();
            }

            var start = ChaosHistory.Now;
            var busy = new ConcurrentDictionary<string, FaultEvent>(StringComparer.Ordinal);
            var over = await Task.WhenAll(plan.Events.Select(e => ApplyAsync(server, e, ns, members, history, counts, busy, start, cancellationToken)));
            var faultsOver = Math.Max(ChaosHistory.Now, over.DefaultIfEmpty(0).Max());
            history.FaultsOverAt = faultsOver;
            await SettleAsync(history, members, faultsOver + ChaosHistory.Ticks(limits.LivenessBound), cancellationToken);
        }
        finally
        {
            // The history ends here: what the teardown does (members stopping) is not judged.
            history.EndedAt = ChaosHistory.Now;
            await observers.DisposeAsync();
            foreach (var follower in followers)
            {
                await follower.DisposeAsync();
            }

            foreach (var member in members.Values)
            {
                await member.DisposeAsync();
            }

            // Whatever a cancelled run left behind (partitions of its clients) must not outlive it; rules were disposed.
            foreach (var client in members.Keys.Append(FaultPlan.FollowerA).Append(FaultPlan.FollowerB))
            {
                server.Faults.Heal(ns + "-" + client);
            }
        }

        var violations = HistoryChecker.Run(history, limits, ForeignAnnotations);
        return new ScenarioResult(plan, history, violations, new Dictionary<FaultKind, int>(counts), TimeSpan.FromSeconds(ChaosHistory.Ms(ChaosHistory.Now - started) / 1000));
    }

    /// <summary>A member's pod address: 10.77.0.(index + 1).</summary>
    public static IPAddress AddressOf(string member) =>
        IPAddress.Parse("10.77.0." + (int.Parse(member.AsSpan(1), CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture));

    private static async Task PrepareAsync(IKubernetes admin, string ns, LockKind kind, PrimaryRouterOptions routerOptions, CancellationToken cancellationToken)
    {
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: cancellationToken);
        var metadata = new V1ObjectMeta
        {
            Name = Scope + "-leader",
            NamespaceProperty = ns,
            Labels = new Dictionary<string, string> { ["application"] = "spilo", ["cluster-name"] = Scope },
            Annotations = new Dictionary<string, string>(ForeignAnnotations),
        };
        if (kind == LockKind.Lease)
        {
            await admin.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease { Metadata = metadata, Spec = new V1LeaseSpec() }, ns, cancellationToken: cancellationToken);
        }
        else
        {
            await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = metadata }, ns, cancellationToken: cancellationToken);
        }

        await new ServiceProvisioner(admin, routerOptions).EnsureServicesAsync(cancellationToken);
    }

    /// <summary>Applies one fault at its time and undoes it at its end; returns when its effects are over (a rule's in-flight latency included).</summary>
    private static async Task<long> ApplyAsync(KubeApiServer server, FaultEvent fault, string ns, Dictionary<string, ChaosMember> members,
        ChaosHistory history, ConcurrentDictionary<FaultKind, int> counts, ConcurrentDictionary<string, FaultEvent> busy, long start, CancellationToken cancellationToken)
    {
        if (fault.Kind == FaultKind.Drift)
        {
            counts.AddOrUpdate(fault.Kind, 1, (_, n) => n + 1);
            history.Add(history.Faults, new FaultApplied($"Drift x{fault.Rate:0.000}", fault.Target, start, null));
            return 0;
        }

        await DelayUntilAsync(start + ChaosHistory.Ticks(ChaosTimings.Real(fault.At)), cancellationToken);
        if (fault.Target == FaultPlan.Leader)
        {
            fault = fault with { Target = await CurrentLeaderAsync(members, cancellationToken) };
        }

        // One disruption (pause, partition, crash) of a member at a time: a second one is skipped.
        var disruptive = fault.Kind is FaultKind.Pause or FaultKind.Partition or FaultKind.Crash;
        if (disruptive && !busy.TryAdd(fault.Target, fault))
        {
            history.Add(history.Faults, new FaultApplied(fault.Kind + " (skipped: member already disrupted)", fault.Target, ChaosHistory.Now, null));
            return 0;
        }

        counts.AddOrUpdate(fault.Kind, 1, (_, n) => n + 1);

        var client = ns + "-" + fault.Target;
        var from = ChaosHistory.Now;
        var until = start + ChaosHistory.Ticks(ChaosTimings.Real(fault.End));
        long over;
        switch (fault.Kind)
        {
            case FaultKind.ClosedWatches:
                server.Faults.CloseWatches(client);
                over = ChaosHistory.Now;
                break;
            case FaultKind.ExpiredWatches:
                server.Faults.ExpireWatches(client);
                over = ChaosHistory.Now;
                break;
            case FaultKind.Pause:
                members[fault.Target].Pause();
                await DelayUntilAsync(until, cancellationToken);
                members[fault.Target].Resume(from);
                over = ChaosHistory.Now;
                break;
            case FaultKind.Partition:
                server.Faults.Partition(client, fault.Mode);
                await DelayUntilAsync(until, cancellationToken);
                server.Faults.Heal(client);
                over = ChaosHistory.Now;
                break;
            case FaultKind.Crash:
                await members[fault.Target].CrashAsync();
                await DelayUntilAsync(until, cancellationToken);
                members[fault.Target].Start();
                over = ChaosHistory.Now;
                break;
            default:
                var rule = fault.Rule! with { Client = client, Namespace = ns };
                using (server.Faults.Add(rule))
                {
                    await DelayUntilAsync(until, cancellationToken);
                }

                // A request delayed just before the rule went is still served that much later.
                over = ChaosHistory.Now + ChaosHistory.Ticks(rule.Latency + rule.LatencyJitter);
                break;
        }

        history.Add(history.Faults, new FaultApplied(fault.Kind.ToString(), fault.Target, from, ChaosHistory.Now));
        if (disruptive)
        {
            busy.TryRemove(fault.Target, out _);
        }

        return over;
    }

    /// <summary>The member that leads now; while nobody does, the first to lead within a ttl, else m0.</summary>
    private static async Task<string> CurrentLeaderAsync(Dictionary<string, ChaosMember> members, CancellationToken cancellationToken)
    {
        var giveUp = ChaosHistory.Now + ChaosHistory.Ticks(ChaosTimings.RealTtl);
        while (ChaosHistory.Now < giveUp)
        {
            if (members.Values.FirstOrDefault(m => m.IsLeader) is { } leader)
            {
                return leader.Identity;
            }

            await Task.Delay(Poll, cancellationToken);
        }

        return FaultPlan.Member(0);
    }

    /// <summary>Waits until one member holds the lock, the route and its belief for a loop, or until <paramref name="limit"/> (plus that loop) passed.</summary>
    private static async Task SettleAsync(ChaosHistory history, Dictionary<string, ChaosMember> members, long limit, CancellationToken cancellationToken)
    {
        await DelayUntilAsync(history.FaultsOverAt!.Value, cancellationToken);
        var hold = ChaosHistory.Ticks(ChaosTimings.Real(ChaosTimings.LoopWait));
        long? stableSince = null;
        while (ChaosHistory.Now < limit + hold)
        {
            var holder = history.Read(() => history.Locks.Count > 0 ? history.Locks[^1].Holder : null);
            var routed = history.Read(() => history.Routes.Count > 0 ? history.Routes[^1].Target : null);
            var settled = holder is not null && routed == holder && members.TryGetValue(holder, out var m) && m.IsLeader;
            stableSince = settled ? stableSince ?? ChaosHistory.Now : null;
            if (stableSince is { } since && ChaosHistory.Now - since >= hold)
            {
                return;
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    private static async Task DelayUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        var left = ChaosHistory.Ms(timestamp - ChaosHistory.Now);
        if (left > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(left), cancellationToken);
        }
    }
}
