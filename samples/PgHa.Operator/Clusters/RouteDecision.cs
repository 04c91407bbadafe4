using System.Net;
using System.Net.Sockets;
using k8s.Models;
using PgHa.Election.Expiry;
using PgHa.Routing;

namespace PgHa.Operator.Clusters;

/// <summary>
/// Where a cluster's route should lead, from its lock as last observed and its members' Pods: a pure decision, no I/O,
/// no clock reads (the caller passes the monotonic <c>now</c> and the expiry instant).
/// </summary>
/// <param name="Write">False when the route is left as it is (the lock cannot be read and names no holder).</param>
/// <param name="Target">The member to route to; null routes nowhere.</param>
/// <param name="Term">The term the route is written under.</param>
/// <param name="Observation">The condition and status to report.</param>
/// <param name="ChangeReason">The <see cref="RouteChangedEventArgs.Reason"/> when this write changes the route.</param>
/// <param name="RecheckAt">The monotonic timestamp at which the lock expires unless renewed; null when nothing can expire.</param>
internal sealed record RouteDecision(bool Write, PrimaryTarget? Target, RouteTerm Term, ClusterObservation Observation, string ChangeReason, long? RecheckAt)
{
    /// <summary>Decides the route.</summary>
    /// <param name="lockName">The lock object's name, for messages.</param>
    /// <param name="observation">The lock as last observed; null when no lock object exists.</param>
    /// <param name="freeAt">When the lock expires, from <see cref="ILeaseExpiryPolicy.FreeAt"/>.</param>
    /// <param name="now">The monotonic now.</param>
    /// <param name="holderPod">The Pod named as the holder, if the informer has it.</param>
    public static RouteDecision Decide(string lockName, LeaseObservation? observation, long freeAt, long now, V1Pod? holderPod)
    {
        if (observation is null)
        {
            return NoRoute(RouteTerm.None, "NoLock", $"no lock {lockName} yet: no member has been elected", null, "released");
        }

        var record = observation.Record;
        if (!record.IsHeld)
        {
            if (observation.Malformed && freeAt <= now)
            {
                // Unreadable and not rewritten for a ttl: whoever held it is gone, as with any expired lock.
                return NoRoute(new RouteTerm(string.Empty, record.Transitions), "LockExpired",
                    $"the lock {lockName} cannot be read and was not rewritten within its ttl: no route until a member takes it", record.Transitions, "expired");
            }

            if (observation.Malformed)
            {
                // Held by an unknown holder until it expires: the route is left alone rather than guessed.
                return new RouteDecision(false, null, RouteTerm.None,
                    new ClusterObservation("Running", "Unknown", "MalformedLock", $"the lock {lockName} cannot be read; the route is left as it is", null, record.Transitions),
                    "released", freeAt > now ? freeAt : null);
            }

            return NoRoute(new RouteTerm(string.Empty, record.Transitions), "NoLeader", $"the lock {lockName} is released: no leader", record.Transitions, "released");
        }

        var holder = record.Holder!;
        var term = new RouteTerm(holder, record.Transitions);
        if (freeAt <= now)
        {
            return NoRoute(term, "LockExpired", $"{holder}'s lock was not renewed within its ttl: no route until a member takes it", record.Transitions, "expired");
        }

        if (holderPod is null)
        {
            return NoRoute(term, "LeaderPodMissing", $"the leader {holder} has no Pod", record.Transitions, "released", holder, freeAt);
        }

        if (!TryAddress(holderPod.Status?.PodIP, out var address))
        {
            return NoRoute(term, "LeaderPodHasNoIP", $"the leader {holder}'s Pod has no IP address", record.Transitions, "released", holder, freeAt);
        }

        var ready = IsReady(holderPod);
        var target = new PrimaryTarget(holderPod.Name(), holderPod.Namespace(), address, holderPod.Spec?.NodeName, ready, holderPod.Uid());
        var routed = ready
            ? new ClusterObservation("Running", "True", "Routed", $"the master Service leads to {holder} ({holderPod.Status!.PodIP})", holder, record.Transitions)
            : new ClusterObservation("Running", "False", "LeaderNotReady", $"the master Service leads to {holder} ({holderPod.Status!.PodIP}), which is not ready", holder, record.Transitions);
        return new RouteDecision(true, target, term, routed, "acquired", freeAt);
    }

    /// <summary>A Pod's readiness: its Ready condition when it has one, else true (nothing says it is not).</summary>
    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready") is not { } ready || string.Equals(ready.Status, "True", StringComparison.OrdinalIgnoreCase);

    private static bool TryAddress(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrEmpty(text) || !IPAddress.TryParse(text, out var parsed) ||
            parsed.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    private static RouteDecision NoRoute(RouteTerm term, string reason, string message, long? transitions, string changeReason, string? leader = null, long? recheckAt = null) =>
        new(true, null, term, new ClusterObservation("Running", "False", reason, message, leader, transitions), changeReason, recheckAt);
}
