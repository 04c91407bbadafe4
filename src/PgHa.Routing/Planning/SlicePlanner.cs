using k8s;
using k8s.Models;
using PgHa.Routing.Fencing;
using PgHa.Routing.Resources;

namespace PgHa.Routing.Planning;

/// <summary>
/// Works out the writes that make the master Service's slices the desired route: one slice of the target's address
/// family, owned by the Service, carrying the writer's term. The slice of the right family is replaced in place (one
/// compare-and-swap); a new family's slice is created before the old one is deleted; duplicates and strays that this
/// router manages are deleted; nothing is written when the live route already is the desired one.
/// </summary>
internal static class SlicePlanner
{
    /// <summary>The plan for routing <paramref name="options"/>' Service to <paramref name="target"/> under <paramref name="term"/>.</summary>
    /// <param name="options">The cluster's routing settings.</param>
    /// <param name="service">The live master Service, or null when it does not exist.</param>
    /// <param name="slices">The live slices labelled with the Service's name.</param>
    /// <param name="target">The primary, or null for no ready endpoint.</param>
    /// <param name="term">The writer's term.</param>
    public static RoutePlan Plan(PrimaryRouterOptions options, V1Service? service, IReadOnlyList<V1EndpointSlice> slices, PrimaryTarget? target, RouteTerm term)
    {
        var serviceName = options.EffectiveServiceName;
        if (service is null)
        {
            return RoutePlan.ServiceMissing($"the master Service {options.Namespace}/{serviceName} does not exist");
        }

        var managed = new List<V1EndpointSlice>();
        var foreign = new List<string>();
        RouteTerm? liveTerm = null;
        V1EndpointSlice? current = null;
        foreach (var slice in slices)
        {
            if (slice.GetLabel(RouteMetadata.ServiceNameLabel) != serviceName)
            {
                continue;
            }

            if (!IsManaged(slice, options))
            {
                foreign.Add($"{slice.Name()} (managed by {slice.GetLabel(RouteMetadata.ManagedByLabel) ?? "nobody"})");
                continue;
            }

            managed.Add(slice);
            var recorded = RouteObjects.RecordedTerm(slice.Metadata);
            var later = RouteFence.Later(liveTerm, recorded);
            if (current is null || (recorded is not null && later == recorded && later != liveTerm))
            {
                current = slice;
            }

            liveTerm = later;
        }

        if (RouteFence.Refusal(term, liveTerm) is { } refusal)
        {
            return RoutePlan.Fenced(refusal, foreign);
        }

        var family = target?.AddressType ?? current?.AddressType ?? "IPv4";
        var desired = RouteObjects.Slice(options, service, RouteObjects.Ports(service, options), target, term, family);
        var keeper = managed
            .Where(s => s.AddressType == family)
            .OrderBy(s => Differences(s, desired).Count == 0 ? 0 : 1)
            .ThenBy(s => s == current ? 0 : 1)
            .ThenBy(s => s.Metadata.CreationTimestamp ?? DateTime.MaxValue)
            .ThenBy(s => s.Name(), StringComparer.Ordinal)
            .FirstOrDefault();

        var steps = new List<RouteStep>();
        var drift = new List<string>();
        if (keeper is null)
        {
            var reason = managed.Count == 0 ? "no slice" : $"no {family} slice";
            steps.Add(new RouteStep(StepKind.Create, desired, reason));
            drift.Add(reason);
        }
        else if (Differences(keeper, desired) is { Count: > 0 } differences)
        {
            var reason = $"slice {keeper.Name()} differs in {string.Join(", ", differences)}";
            steps.Add(new RouteStep(StepKind.Replace, Updated(keeper, desired), reason));
            drift.Add(reason);
        }

        foreach (var slice in managed)
        {
            if (slice == keeper)
            {
                continue;
            }

            var reason = slice.AddressType == family ? $"duplicate slice {slice.Name()}" : $"{slice.AddressType} slice {slice.Name()} replaced by {family}";
            steps.Add(new RouteStep(StepKind.Delete, slice, reason));
            drift.Add(reason);
        }

        return new RoutePlan(
            steps.Count == 0 ? PlanKind.Converged : PlanKind.Write,
            steps,
            null,
            drift,
            RouteObjects.EndpointsKey(managed.SelectMany(s => s.Endpoints ?? [])),
            RouteObjects.EndpointsKey(desired.Endpoints),
            foreign);
    }

    /// <summary>
    /// Whether this router manages <paramref name="slice"/>: it carries the router's <c>managed-by</c> value, or the
    /// router's term annotation and the Service as owner (a slice of ours whose label someone edited).
    /// </summary>
    public static bool IsManaged(V1EndpointSlice slice, PrimaryRouterOptions options) =>
        slice.GetLabel(RouteMetadata.ManagedByLabel) == options.ManagedBy ||
        (slice.GetAnnotation(RouteMetadata.TermAnnotation) is not null &&
         (slice.OwnerReferences() ?? []).Any(o => o.Kind == "Service" && o.Name == options.EffectiveServiceName));

    /// <summary>What of <paramref name="live"/> differs from <paramref name="desired"/>; empty when it is the desired route.</summary>
    internal static List<string> Differences(V1EndpointSlice live, V1EndpointSlice desired)
    {
        var differences = new List<string>();
        if (live.AddressType != desired.AddressType)
        {
            differences.Add("addressType");
        }

        if (RouteObjects.EndpointsKey(live.Endpoints) != RouteObjects.EndpointsKey(desired.Endpoints))
        {
            differences.Add("endpoints");
        }

        if (PortsKey(live.Ports) != PortsKey(desired.Ports))
        {
            differences.Add("ports");
        }

        if (desired.Metadata.Labels.Any(l => live.GetLabel(l.Key) != l.Value))
        {
            differences.Add("labels");
        }

        if (live.GetAnnotation(RouteMetadata.TermAnnotation) != desired.GetAnnotation(RouteMetadata.TermAnnotation))
        {
            differences.Add("term");
        }

        var owner = desired.Metadata.OwnerReferences[0];
        if (live.OwnerReferences() is not { Count: 1 } owners || owners[0].Uid != owner.Uid || owners[0].Kind != owner.Kind || owners[0].Controller != true)
        {
            differences.Add("owner");
        }

        return differences;
    }

    // The live slice with the desired route written over it; what else it carries (others' labels, finalizers) stays.
    private static V1EndpointSlice Updated(V1EndpointSlice live, V1EndpointSlice desired)
    {
        var updated = KubernetesJson.Deserialize<V1EndpointSlice>(KubernetesJson.Serialize(live));
        updated.Metadata.Labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in desired.Metadata.Labels)
        {
            updated.Metadata.Labels[key] = value;
        }

        updated.Metadata.Annotations ??= new Dictionary<string, string>();
        updated.Metadata.Annotations[RouteMetadata.TermAnnotation] = desired.GetAnnotation(RouteMetadata.TermAnnotation);
        updated.Metadata.OwnerReferences = desired.Metadata.OwnerReferences;
        updated.Metadata.ManagedFields = null;
        updated.Endpoints = desired.Endpoints;
        updated.Ports = desired.Ports;
        return updated;
    }

    private static string PortsKey(IEnumerable<Discoveryv1EndpointPort>? ports) => RouteObjects.PortsKey((ports ?? []).Select(p => RouteObjects.PortKey(p.Name, p.Port, p.Protocol)));
}
