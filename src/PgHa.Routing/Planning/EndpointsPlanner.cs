using k8s;
using k8s.Models;
using PgHa.Routing.Fencing;
using PgHa.Routing.Resources;

namespace PgHa.Routing.Planning;

/// <summary>
/// Works out the write that makes the master Service's Endpoints (Patroni's <c>use_endpoints</c> object) the desired
/// route: its <c>subsets</c> hold the primary, its ports are named as the Service's. When the object also holds a
/// Patroni lock, the lock's term fences the route too, so a router lagging behind the lock cannot move clients back.
/// </summary>
internal static class EndpointsPlanner
{
    /// <summary>The plan for routing <paramref name="options"/>' Service to <paramref name="target"/> under <paramref name="term"/>.</summary>
    /// <param name="options">The cluster's routing settings.</param>
    /// <param name="service">The live master Service, or null when it does not exist.</param>
    /// <param name="live">The live Endpoints, or null when there are none.</param>
    /// <param name="target">The primary, or null for no endpoint.</param>
    /// <param name="term">The writer's term.</param>
    public static RoutePlan Plan(PrimaryRouterOptions options, V1Service? service, V1Endpoints? live, PrimaryTarget? target, RouteTerm term)
    {
        if (service is null)
        {
            return RoutePlan.ServiceMissing($"the master Service {options.Namespace}/{options.EffectiveServiceName} does not exist");
        }

        var liveTerm = RouteFence.Later(RouteObjects.RecordedTerm(live?.Metadata), RouteObjects.LockTerm(live?.Metadata));
        if (RouteFence.Refusal(term, liveTerm) is { } refusal)
        {
            return RoutePlan.Fenced(refusal, []);
        }

        var subsets = RouteObjects.Subsets(target, RouteObjects.Ports(service, options));
        var labels = RouteObjects.MasterLabels(options);
        var liveKey = RouteObjects.SubsetsKey(live?.Subsets);
        var desiredKey = RouteObjects.SubsetsKey(subsets);
        if (live is null)
        {
            var created = new V1Endpoints
            {
                ApiVersion = "v1",
                Kind = "Endpoints",
                Metadata = new V1ObjectMeta
                {
                    Name = options.EffectiveServiceName,
                    NamespaceProperty = options.Namespace,
                    Labels = labels,
                    Annotations = new Dictionary<string, string> { [RouteMetadata.TermAnnotation] = term.Format() },
                },
                Subsets = subsets,
            };
            return new RoutePlan(PlanKind.Write, [new RouteStep(StepKind.Create, created, "no Endpoints")], null, ["no Endpoints"], liveKey, desiredKey, []);
        }

        var differences = new List<string>();
        if (liveKey != desiredKey)
        {
            differences.Add("subsets");
        }

        if (labels.Any(l => live.GetLabel(l.Key) != l.Value))
        {
            differences.Add("labels");
        }

        if (live.GetAnnotation(RouteMetadata.TermAnnotation) != term.Format())
        {
            differences.Add("term");
        }

        if (differences.Count == 0)
        {
            return new RoutePlan(PlanKind.Converged, [], null, [], liveKey, desiredKey, []);
        }

        var updated = KubernetesJson.Deserialize<V1Endpoints>(KubernetesJson.Serialize(live));
        updated.Metadata.Labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in labels)
        {
            updated.Metadata.Labels[key] = value;
        }

        updated.Metadata.Annotations ??= new Dictionary<string, string>();
        updated.Metadata.Annotations[RouteMetadata.TermAnnotation] = term.Format();
        updated.Metadata.ManagedFields = null;
        updated.Subsets = subsets;
        var reason = $"Endpoints {live.Name()} differ in {string.Join(", ", differences)}";
        return new RoutePlan(PlanKind.Write, [new RouteStep(StepKind.Replace, updated, reason)], null, [reason], liveKey, desiredKey, []);
    }
}
