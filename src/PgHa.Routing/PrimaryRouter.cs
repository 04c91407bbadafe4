using System.Diagnostics.Metrics;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PgHa.Routing.Diagnostics;
using PgHa.Routing.Planning;
using PgHa.Routing.Routers;

namespace PgHa.Routing;

/// <summary>
/// Routes a cluster's master Service to its primary: as a self-managed EndpointSlice owned by the Service (the
/// default) or as the subsets of the Service's Endpoints (<see cref="RoutingMode.Endpoints"/>, Patroni's way).
/// </summary>
/// <remarks>
/// <para>
/// Every write is a compare-and-swap on the object's resourceVersion and carries the writer's term, and a route
/// written under a newer term is never replaced, so a deposed leader's late request cannot move clients back.
/// The router plans from what it last read, wrote or watched: moving the route is one write; a lost race costs one
/// read and another try.
/// </para>
/// <para>
/// While <see cref="RunAsync"/> runs, the router watches the Service and the route and puts back a route that was
/// edited, deleted or duplicated, at the cost of one write; when nothing changed it writes nothing. Requests and
/// repairs are serialized.
/// </para>
/// </remarks>
public sealed partial class PrimaryRouter : IPrimaryRouter, IDisposable
{
    private const int MaxAttempts = 3;
    private static readonly TimeSpan MinBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxWatchBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxRepairBackoff = TimeSpan.FromSeconds(30);

    private readonly RouteBackend _backend;
    private readonly PrimaryRouterOptions _options;
    private readonly IServiceProvisioner? _provisioner;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RoutingMetrics _metrics;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly HashSet<string> _reportedForeign = new(StringComparer.Ordinal);
    private DesiredRoute? _desired;
    private TimeSpan _repairBackoff = MinBackoff;
    private int _running;
    private volatile bool _watched;
    private volatile bool _primed;
    private CancellationToken _runStopping = new(canceled: true);

    /// <summary>Creates a router.</summary>
    /// <param name="client">The Kubernetes client.</param>
    /// <param name="options">The cluster's routing settings; validated here.</param>
    /// <param name="provisioner">Ensures the master Service when the route finds it missing; without one, a missing Service fails the request.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="timeProvider">The clock for durations and back-off; the system clock by default.</param>
    /// <param name="meterFactory">Creates the <c>PgHa.Routing</c> meter; a private meter by default.</param>
    public PrimaryRouter(
        IKubernetes client,
        PrimaryRouterOptions options,
        IServiceProvisioner? provisioner = null,
        ILogger<PrimaryRouter>? logger = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        options = options.Snapshot();
        _options = options;
        _backend = options.Mode == RoutingMode.Endpoints ? new EndpointsBackend(client, options) : new SliceBackend(client, options);
        _provisioner = provisioner;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _metrics = new RoutingMetrics(meterFactory, options.Namespace, options.EffectiveServiceName);
    }

    /// <summary>The route this router writes, e.g. <c>EndpointSlices of default/acid-minimal-cluster</c>.</summary>
    public string Description => _backend.Description;

    /// <inheritdoc />
    public async Task<RouteResult> RouteAsync(PrimaryTarget? target, RouteTerm term, CancellationToken cancellationToken)
    {
        Validate(target, term);
        var started = _time.GetTimestamp();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = _desired;
            _desired = new DesiredRoute(target, term);
            _repairBackoff = MinBackoff;
            var result = await ConvergeAsync(target, term, started, cancellationToken).ConfigureAwait(false);
            Record(result);
            switch (result.Outcome)
            {
                case RouteOutcome.Fenced:
                    // A late request does not cancel the route asked for before it; the repair loop keeps that one
                    // while no newer term has taken over (and lets it go when one has).
                    _desired = previous;
                    if (previous is not null)
                    {
                        Signal();
                    }

                    break;
                case RouteOutcome.Failed or RouteOutcome.Conflict when Volatile.Read(ref _running) == 1:
                    // The route stays asked for: the repair loop tries again after a back-off.
                    ScheduleRepair();
                    break;
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException($"The router of {Description} is already running.");
        }

        Volatile.Write(ref _fault, null);
        Volatile.Write(ref _started, 1);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _runStopping = watching.Token;
        var watches = _backend.Watches().ToArray();
        var synced = new bool[watches.Length];
        var tasks = watches.Select((watch, i) => KeepWatchingAsync(watch.What, watch.Run, synced, i, watching.Token)).ToArray();
        try
        {
            await foreach (var _ in _changes.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await RepairAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (RecordFault(e))
        {
            // Never entered: the filter only records the fault (for the health check) and lets the exception go on.
            throw;
        }
        finally
        {
            await watching.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(tasks).ConfigureAwait(false);
            _runStopping = new CancellationToken(canceled: true);
            _watched = false;
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>
    /// Takes in what a watch of the caller's own saw (a shared informer of an operator that routes many clusters),
    /// instead of <see cref="RunAsync"/>'s watches: an event about this route's Service or its slices (or Endpoints)
    /// updates what the router plans from, so the next <see cref="RouteAsync"/> with the route asked for puts back a
    /// route that drifted, with one write, and writes nothing when nothing did. Other objects are ignored.
    /// </summary>
    /// <param name="type">The event: added, modified or deleted (others are ignored).</param>
    /// <param name="item">The object as the watch delivered it.</param>
    /// <returns>True when the event changed what the router knows; the caller then asks for its route again.</returns>
    public bool Observe(WatchEventType type, IKubernetesObject<V1ObjectMeta> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Metadata?.Name is not null && _backend.Observe(type, item);
    }

    /// <summary>
    /// Gives the router the caller's complete view of this route's Service and slices (or Endpoints), taken from shared
    /// informers that have listed them and keep watching, before its first <see cref="RouteAsync"/>. The router then
    /// plans from these and from what <see cref="Observe"/> delivers, and reads nothing for itself, not even before a
    /// create: an operator routing many clusters makes no list per cluster. Objects that are not this route's are ignored.
    /// </summary>
    /// <param name="items">What the caller's informers hold (all of it, or the cluster's part).</param>
    public void Prime(IEnumerable<IKubernetesObject<V1ObjectMeta>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        _backend.Prime(items);
        _primed = true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _metrics.Dispose();
        _gate.Dispose();
    }

    private static void Validate(PrimaryTarget? target, RouteTerm term)
    {
        if (!term.IsValid)
        {
            throw new ArgumentException(
                $"The term '{term.Holder}' {term.Transitions} is not one: it needs a holder (empty when the lock is free) and transitions of at least 0, or must be RouteTerm.None.",
                nameof(term));
        }

        if (target is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(target.PodName, nameof(target));
            ArgumentException.ThrowIfNullOrEmpty(target.Namespace, nameof(target));
            ArgumentNullException.ThrowIfNull(target.Address, nameof(target));
        }
    }

    private static bool IsApiFailure(Exception e, CancellationToken cancellationToken) =>
        e is HttpOperationException or HttpRequestException or IOException or k8s.KubernetesException ||
        (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    // The API's own words (its Status message) and code, rather than the client's generic text.
    private static string StatusMessage(HttpOperationException e)
    {
        var code = (int?)e.Response?.StatusCode;
        try
        {
            if (e.Response?.Content is { Length: > 0 } content &&
                System.Text.Json.JsonDocument.Parse(content).RootElement.TryGetProperty("message", out var message) &&
                message.GetString() is { Length: > 0 } text)
            {
                return $"{code}: {text}";
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return $"{code}: {e.Message}";
    }

    private static string OutcomeTag(RouteOutcome outcome) => outcome switch
    {
        RouteOutcome.Unchanged => "unchanged",
        RouteOutcome.Applied => "applied",
        RouteOutcome.Fenced => "fenced",
        RouteOutcome.Conflict => "conflict",
        _ => "failed",
    };

    private static string Verb(StepKind kind) => kind switch
    {
        StepKind.Create => "create",
        StepKind.Replace => "update",
        _ => "delete",
    };

    private static string Describe(PrimaryTarget? target) =>
        target is null ? "no primary" : $"{target.Namespace}/{target.PodName} ({Resources.RouteObjects.Address(target.Address)}{(target.Ready ? string.Empty : ", not ready")})";

    // Plans from the caches and writes, reading afresh after a lost race (and before a create, which no version guards,
    // unless a watch keeps the caches current). Runs under the gate.
    private async Task<RouteResult> ConvergeAsync(PrimaryTarget? target, RouteTerm term, long started, CancellationToken cancellationToken)
    {
        var writes = 0;
        var refresh = !_backend.Primed;
        var fresh = false;
        var provisioned = false;
        var verified = false;
        IKubernetesObject<V1ObjectMeta>? created = null;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.RequestTimeout);
        var attempt = 0;
        while (true)
        {
            try
            {
                if (refresh)
                {
                    await _backend.RefreshAsync(limit.Token).ConfigureAwait(false);
                    refresh = false;
                    fresh = true;
                }

                var plan = _backend.Plan(target, term);
                ReportForeign(plan.Foreign);
                switch (plan.Kind)
                {
                    case PlanKind.Fenced:
                        // A newer writer created its slice as this one created its own: take ours back out (unless
                        // someone has written it since), so only the newer route remains; its writer may not know ours.
                        if (created is not null &&
                            await ExecuteAsync(new RouteStep(StepKind.Delete, created, "fenced after a concurrent create"), target, term, limit.Token).ConfigureAwait(false))
                        {
                            writes++;
                        }

                        _metrics.Fenced();
                        Log.Fenced(_logger, Description, term.Format(), plan.Detail!);
                        return new RouteResult(RouteOutcome.Fenced, writes, plan.Detail);
                    case PlanKind.ServiceMissing when _provisioner is null || provisioned:
                        Log.ServiceMissing(_logger, Description, plan.Detail!);
                        return new RouteResult(RouteOutcome.Failed, writes, plan.Detail);
                    case PlanKind.ServiceMissing:
                        writes += (await _provisioner.EnsureServicesAsync(limit.Token).ConfigureAwait(false)).Writes;
                        provisioned = refresh = true;
                        continue;
                    case PlanKind.Converged:
                        return new RouteResult(writes == 0 ? RouteOutcome.Unchanged : RouteOutcome.Applied, writes);
                }

                if (plan.Creates && !fresh && !_watched && !_primed)
                {
                    refresh = true;
                    continue;
                }

                if (++attempt > MaxAttempts)
                {
                    return new RouteResult(RouteOutcome.Conflict, writes, $"lost the write race {MaxAttempts} times");
                }

                var lost = false;
                foreach (var step in plan.Steps)
                {
                    if (!await ExecuteAsync(step, target, term, limit.Token).ConfigureAwait(false))
                    {
                        Log.LostRace(_logger, Description, step.Reason);
                        lost = true;
                        break;
                    }

                    writes++;
                    _metrics.Wrote(Verb(step.Kind));
                }

                if (lost)
                {
                    refresh = true;
                    continue;
                }

                Written(plan, target, term, writes, started);
                var generated = _backend.TakeGenerated();
                if (!verified && generated is not null && !_watched && !_primed)
                {
                    // No version guards a create under a generated name: another router may have created its own slice
                    // at the same moment, and each would go on updating only its own, the Service leading to both.
                    // A router whose watch (or the caller's informers) shows it the other slice repairs that; one that
                    // watches nothing reads once more and plans again: the fence keeps the newer term's slice and the
                    // other is deleted.
                    verified = true;
                    created = generated;
                    refresh = true;
                    continue;
                }

                return new RouteResult(RouteOutcome.Applied, writes);
            }
            catch (Exception e) when (IsApiFailure(e, cancellationToken))
            {
                var reason = e switch
                {
                    OperationCanceledException => $"no answer within {_options.RequestTimeout.TotalSeconds:0.###} s",
                    HttpOperationException http => StatusMessage(http),
                    _ => e.Message,
                };
                Log.WriteFailed(_logger, Description, reason, e);
                return new RouteResult(RouteOutcome.Failed, writes, reason, e);
            }
        }
    }

    private void Written(RoutePlan plan, PrimaryTarget? target, RouteTerm term, int writes, long started)
    {
        if (plan.MovesRoute)
        {
            var elapsed = _time.GetElapsedTime(started);
            _metrics.Switched(elapsed);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var (described, formatted) = (Describe(target), term.Format());
                Log.RouteSwitched(_logger, Description, described, formatted, writes, elapsed.TotalMilliseconds);
            }
        }
        else if (_logger.IsEnabled(LogLevel.Debug))
        {
            var (formatted, drift) = (term.Format(), string.Join("; ", plan.Drift));
            Log.RouteUpdated(_logger, Description, formatted, drift);
        }
    }

    // One write of a plan, traced (the activity only observes: the write is the backend's, unchanged).
    private async Task<bool> ExecuteAsync(RouteStep step, PrimaryTarget? target, RouteTerm term, CancellationToken cancellationToken)
    {
        var activity = RouteWriteActivity.Start(step, _options, target, term);
        bool? written = null;
        try
        {
            written = await _backend.ExecuteAsync(step, cancellationToken).ConfigureAwait(false);
            return written.Value;
        }
        catch (Exception e) when (RouteWriteActivity.Failed(activity, e))
        {
            // Never entered: the filter only tags the activity.
            throw;
        }
        finally
        {
            RouteWriteActivity.Stop(activity, written);
        }
    }

    // Puts the route last asked for back when the caches show it drifted. Runs on RunAsync's loop.
    private async Task RepairAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_desired is not { } desired || !_backend.Primed)
            {
                return;
            }

            var plan = _backend.Plan(desired.Target, desired.Term);
            ReportForeign(plan.Foreign);
            switch (plan.Kind)
            {
                case PlanKind.Converged:
                    return;
                case PlanKind.Fenced:
                    // A newer term wrote the route: it is theirs to keep now.
                    _metrics.Fenced();
                    Log.Fenced(_logger, Description, desired.Term.Format(), plan.Detail!);
                    _desired = null;
                    return;
            }

            Log.Repairing(_logger, Description, plan.Detail ?? string.Join("; ", plan.Drift));
            var result = await ConvergeAsync(desired.Target, desired.Term, _time.GetTimestamp(), cancellationToken).ConfigureAwait(false);
            Record(result);
            _metrics.Repaired(OutcomeTag(result.Outcome));
            switch (result.Outcome)
            {
                case RouteOutcome.Fenced:
                    _desired = null;
                    break;
                case RouteOutcome.Failed or RouteOutcome.Conflict:
                    ScheduleRepair();
                    break;
                default:
                    _repairBackoff = MinBackoff;
                    break;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    // Runs under the gate: asks the repair loop to try again after the current back-off, and doubles it.
    private void ScheduleRepair()
    {
        var delay = _repairBackoff;
        _repairBackoff = TimeSpan.FromTicks(Math.Min(_repairBackoff.Ticks * 2, MaxRepairBackoff.Ticks));
        _ = RetryRepairAsync(delay, _runStopping);
    }

    private async Task RetryRepairAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            Signal();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task KeepWatchingAsync(string what, Func<Action, CancellationToken, Task> run, bool[] synced, int index, CancellationToken cancellationToken)
    {
        var backoff = MinBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            var began = _time.GetTimestamp();
            try
            {
                await run(
                    () =>
                    {
                        Synced(synced, index, true);
                        Signal();
                    },
                    cancellationToken).ConfigureAwait(false);
                if (_time.GetElapsedTime(began) >= TimeSpan.FromSeconds(1))
                {
                    // The server ended a watch that had run a while (as kube-apiserver does every few minutes): list again now.
                    Synced(synced, index, false);
                    backoff = MinBackoff;
                    continue;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failure of a list or watch is retried: the router must keep following its route.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Log.WatchFailed(_logger, what, e);
            }

            Synced(synced, index, false);
            try
            {
                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxWatchBackoff.Ticks));
        }
    }

    // The caches count as current only while every watch has listed and is watching; the watches report from their own threads.
    private void Synced(bool[] synced, int index, bool value)
    {
        lock (synced)
        {
            synced[index] = value;
            _watched = Array.TrueForAll(synced, s => s);
        }
    }

    private void Signal() => _changes.Writer.TryWrite(true);

    private void ReportForeign(IReadOnlyList<string> foreign)
    {
        foreach (var name in foreign)
        {
            lock (_reportedForeign)
            {
                if (!_reportedForeign.Add(name))
                {
                    continue;
                }
            }

            Log.ForeignSlice(_logger, Description, name);
        }
    }

    private sealed record DesiredRoute(PrimaryTarget? Target, RouteTerm Term);
}
