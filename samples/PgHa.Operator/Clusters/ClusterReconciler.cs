using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using PgHa.Election.Expiry;
using PgHa.Operator.Diagnostics;
using PgHa.Operator.Informers;
using PgHa.Routing;
using PgHa.Routing.Routers;

namespace PgHa.Operator.Clusters;

/// <summary>
/// Brings one cluster to what its spec and lock ask for, reading only the shared informers' caches: ensures its
/// Services (once per generation), routes the master Service to the live lock holder's Pod (or nowhere), and writes
/// the status when it says something new. Called for one key at a time by the work queue.
/// </summary>
internal sealed class ClusterReconciler : IDisposable
{
    private readonly IKubernetes _client;
    private readonly OperatorOptions _options;
    private readonly OperatorCaches _caches;
    private readonly LockTracker _locks;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly Action<RouteChangedEventArgs> _routeChanged;
    private readonly ConcurrentDictionary<string, ClusterState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (ClusterStatus Status, long Version)> _written = new(StringComparer.Ordinal);
    private long _statusWrites;

    public ClusterReconciler(IKubernetes client, OperatorOptions options, OperatorCaches caches, LockTracker locks, TimeProvider time, ILoggerFactory loggers, Action<RouteChangedEventArgs> routeChanged)
    {
        _client = client;
        _options = options;
        _caches = caches;
        _locks = locks;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger("PgHa.Operator");
        _routeChanged = routeChanged;
    }

    /// <summary>How many status writes were made.</summary>
    public long StatusWrites => Interlocked.Read(ref _statusWrites);

    /// <summary>The clusters that have a router.</summary>
    public int Clusters => _states.Count;

    /// <summary>The state of the cluster with <paramref name="key"/>, if it has one (the informers feed its router).</summary>
    public ClusterState? Find(string key) => _states.TryGetValue(key, out var state) ? state : null;

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var resource = _caches.Postgresqls.Get(key);
        if (resource is null || resource.Metadata.DeletionTimestamp is not null)
        {
            Forget(key, resource is null);
            return ReconcileResult.Done;
        }

        var (ns, name) = ClusterNames.Split(key);
        var generation = resource.Metadata.Generation ?? 0;
        var (spec, specProblems) = ClusterSpec.Parse(resource.Spec);
        IReadOnlyList<string> problems = [.. ClusterSpec.NameProblems(name), .. specProblems];

        // The checks above should leave the router nothing to refuse; if it still does, that is reported the same way,
        // not thrown on every retry (a crash loop no status would explain).
        var routerOptions = spec is null || problems.Count > 0 ? null : spec.RouterOptions(ns, name, _options, resource.OwnerReference());
        if (routerOptions?.Validate() is { Count: > 0 } routerProblems)
        {
            problems = [.. routerProblems];
        }

        if (spec is null || routerOptions is null || problems.Count > 0)
        {
            var message = string.Join("; ", problems);
            Log.InvalidSpec(_logger, key, message);
            var invalid = new ClusterObservation("Invalid", "False", "InvalidSpec", message, null, null);
            return await WriteStatusAsync(key, resource, invalid, generation, null, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var state = StateFor(key, spec, routerOptions);
            if (state.ProvisionedGeneration is null && ServicesInPlace(ns, name, spec.TeamId, resource.Metadata.Uid))
            {
                // A restarted operator finds the Services it made: nothing to ask the API for.
                state.ProvisionedGeneration = generation;
            }

            if (state.ProvisionedGeneration != generation || state.ServicesStale)
            {
                state.ServicesStale = false;
                var provisioned = await state.Provisioner.EnsureServicesAsync(cancellationToken).ConfigureAwait(false);
                state.Router.Observe(WatchEventType.Modified, provisioned.Master);
                if (provisioned.Replica is { } replica)
                {
                    state.Router.Observe(WatchEventType.Modified, replica);
                }

                foreach (var problem in provisioned.Problems)
                {
                    Log.ServiceProblem(_logger, key, problem);
                }

                state.ProvisionedGeneration = generation;
                Log.ServicesProvisioned(_logger, key, generation, provisioned.Writes);
            }

            var lockName = ClusterNames.LockName(ns, name, _options.LockKind);
            var observation = _locks.Get(ClusterNames.Key(ns, lockName));
            var now = ClockReading.From(_time);
            var freeAt = observation is null ? long.MinValue : ObservedTimeExpiry.Instance.FreeAt(observation, _options.DefaultLockTtl, now);
            var pod = observation?.Record.Holder is { Length: > 0 } holder ? _caches.Pods.Get(ClusterNames.Key(ns, holder)) : null;
            var decision = RouteDecision.Decide($"{KindName()} {ns}/{lockName}", observation, freeAt, now.Timestamp, pod);
            if (observation?.Malformed == true)
            {
                Log.MalformedLock(_logger, key, lockName, "a value of the record is malformed");
            }

            var observed = decision.Observation;
            if (decision.Write)
            {
                var result = await state.Router.RouteAsync(decision.Target, decision.Term, cancellationToken).ConfigureAwait(false);
                switch (result.Outcome)
                {
                    case RouteOutcome.Applied or RouteOutcome.Unchanged:
                        Routed(state, decision, result);
                        break;
                    case RouteOutcome.Fenced:
                        // A newer term wrote the route (the lock moved on since this view): the lock's next event brings it here again.
                        observed = observed with { RouteStatus = "Unknown", Reason = "Fenced", Message = "a newer term than the lock this operator saw wrote the route: " + result.Detail };
                        break;
                    default:
                        var failed = observed with { ClusterStatus = "SyncFailed", RouteStatus = "False", Reason = "RouteFailed", Message = "writing the route failed: " + result.Detail };
                        await WriteStatusAsync(key, resource, failed, generation, null, cancellationToken).ConfigureAwait(false);
                        return ReconcileResult.Failed(result.Detail ?? result.Outcome.ToString(), result.Error);
                }
            }

            var recheck = decision.RecheckAt is { } at ? now.Until(at) : (TimeSpan?)null;
            return await WriteStatusAsync(key, resource, observed, generation, recheck, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or KubernetesException ||
                                  (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ReconcileResult.Failed(e is HttpOperationException http ? $"{(int?)http.Response?.StatusCode}: {http.Message}" : e.Message, e);
        }
    }

    public void Dispose()
    {
        foreach (var state in _states.Values)
        {
            state.Dispose();
        }

        _states.Clear();
    }

    private static long Version(string? resourceVersion) =>
        long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;

    private string KindName() => _options.LockKind switch
    {
        Election.LockKind.Endpoints => "Endpoints",
        Election.LockKind.Lease => "Lease",
        _ => "ConfigMap",
    };

    private void Forget(string key, bool gone)
    {
        if (_states.TryRemove(key, out var state))
        {
            state.Dispose();
            Log.ClusterDeleted(_logger, key);
        }

        if (gone)
        {
            _written.TryRemove(key, out _);
        }
    }

    // Whether the informer holds both Services, owned by this very postgresql object and carrying every cluster label, so
    // that provisioning them would change nothing. Anything else is left to the provisioner.
    private bool ServicesInPlace(string ns, string name, string team, string? uid)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["application"] = "spilo", [ClusterNames.ClusterLabel] = name, ["team"] = team };
        bool InPlace(string service) =>
            _caches.Services.Get(ClusterNames.Key(ns, service)) is { } s &&
            s.Metadata.OwnerReferences?.Any(o => o.Uid == uid && o.Controller == true) == true &&
            labels.All(l => s.GetLabel(l.Key) == l.Value);

        return uid is not null && InPlace(name) && InPlace(name + "-repl") &&
            _caches.Services.Get(ClusterNames.Key(ns, name))!.Spec?.Selector is not { Count: > 0 };
    }

    // The cluster's router and provisioner, made once (again when the team, which labels the Services, changes) and primed
    // from the informers so that it reads nothing for itself.
    private ClusterState StateFor(string key, ClusterSpec spec, PrimaryRouterOptions options)
    {
        if (_states.TryGetValue(key, out var existing) && existing.Team == spec.TeamId)
        {
            return existing;
        }

        var (ns, name) = ClusterNames.Split(key);
        var provisioner = new ServiceProvisioner(_client, options, _loggers.CreateLogger<ServiceProvisioner>());
        var router = new PrimaryRouter(_client, options, provisioner, _loggers.CreateLogger<PrimaryRouter>(), _time);
        var state = new ClusterState(ns, name, spec.TeamId, router, provisioner) { Route = existing?.Route };

        // Registered before priming: an event between the two reaches the router through Observe, and the prime's snapshot
        // is taken after the informers stored it, so nothing falls between.
        _states[key] = state;
        existing?.Dispose();
        router.Prime(_caches.RouteObjects(ns, name));
        return state;
    }

    private void Routed(ClusterState state, RouteDecision decision, RouteResult result)
    {
        var leader = decision.Target?.PodName;
        var address = decision.Target?.Address.ToString();
        var previous = state.Route;
        state.Route = (leader, address, decision.Term.Transitions);
        if (result.Outcome != RouteOutcome.Applied || result.Writes == 0 || (previous is null && leader is null))
        {
            // Nothing to report: no write, or a new cluster's empty route (it led nowhere before it existed too).
            return;
        }

        var reason = previous is { } p && p.Leader == leader && p.Address == address ? "repaired" : decision.ChangeReason;
        Log.RouteChanged(_logger, ClusterNames.Key(state.Namespace, state.Name), leader ?? "nowhere", decision.Term.Transitions, reason);
        _routeChanged(new RouteChangedEventArgs(state.Namespace, state.Name, leader, decision.Term.Transitions, reason, Stopwatch.GetTimestamp()));
    }

    // Writes the status when it says something new. What was written is remembered until the informer catches up with
    // it, so a reconcile in between does not write it twice.
    private async Task<ReconcileResult> WriteStatusAsync(string key, PostgresqlResource resource, ClusterObservation observed, long generation, TimeSpan? recheck, CancellationToken cancellationToken)
    {
        var current = _written.TryGetValue(key, out var written) && written.Version > Version(resource.ResourceVersion())
            ? written.Status
            : ClusterStatus.Read(resource.Status);
        var next = StatusPlanner.Next(current, observed, generation, _time.GetUtcNow());
        if (next is null)
        {
            return new ReconcileResult(true, recheck);
        }

        var (ns, name) = ClusterNames.Split(key);
        try
        {
            var answer = await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                new V1Patch(next.ToMergePatch(), V1Patch.PatchType.MergePatch),
                PostgresqlResource.Group, PostgresqlResource.Version, ns, PostgresqlResource.Plural, name,
                cancellationToken: cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _statusWrites);
            _written[key] = (next, Version(PostgresqlResource.From(answer)?.ResourceVersion()));
            return new ReconcileResult(true, recheck);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            // Deleted meanwhile: the informer's deletion event ends the cluster.
            return ReconcileResult.Done;
        }
    }
}
