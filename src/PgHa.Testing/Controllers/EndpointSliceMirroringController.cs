using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PgHa.Testing.Api;
using PgHa.Testing.Json;
using PgHa.Testing.Resources;
using PgHa.Testing.Storage;

namespace PgHa.Testing.Controllers;

/// <summary>
/// kube's EndpointSlice mirroring controller: for a Service without a selector, the hand-written Endpoints
/// of the same name are mirrored into EndpointSlices labelled
/// <c>endpointslice.kubernetes.io/managed-by: endpointslicemirroring-controller.k8s.io</c> and owned by the
/// Endpoints, with the Endpoints' labels and annotations (this is the seed's slice). Endpoints used for
/// client-go leader election, or labelled <c>endpointslice.kubernetes.io/skip-mirror: "true"</c>, are not mirrored.
/// </summary>
internal sealed class EndpointSliceMirroringController : Controller<ObjectKey>
{
    public const string ManagedBy = "endpointslicemirroring-controller.k8s.io";
    public const string SkipMirrorLabel = "endpointslice.kubernetes.io/skip-mirror";
    public const string LeaderElectionAnnotation = "control-plane.alpha.kubernetes.io/leader";
    public const int MaxEndpointsPerSubset = 1000;

    private static readonly string[] IgnoredAnnotations = ["endpoints.kubernetes.io/last-change-trigger-time", "kubectl.kubernetes.io/last-applied-configuration"];

    public EndpointSliceMirroringController(ApiOperations api, ControllerActivity activity, TimeProvider time, ILogger logger)
        : base(api, activity, time, logger)
    {
    }

    public override string Name => "endpointslice-mirroring";

    public override void Observe(StoreEvent e)
    {
        var type = e.Object.Type;
        if (type == BuiltInResources.Endpoints || type == BuiltInResources.Services)
        {
            Enqueue(e.Object.Key);
        }
        else if (EndpointSliceSync.ManagedSliceService(e, ManagedBy) is { } service)
        {
            // Someone changed or deleted a mirrored slice: put it back.
            Enqueue(service);
        }
    }

    protected override Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var endpoints = Api.Store.Get(BuiltInResources.Endpoints, key);
        var service = Api.Store.Get(BuiltInResources.Services, key);
        if (endpoints is null || service is null || !ShouldMirror(endpoints.Object, service.Object))
        {
            EndpointSliceSync.Apply(Api, key.Namespace!, key.Name, ManagedBy, [], mayCreate: false);
            return Task.CompletedTask;
        }

        EndpointSliceSync.Apply(Api, key.Namespace!, key.Name, ManagedBy, Desired(endpoints), mayCreate: !endpoints.IsBeingDeleted);
        return Task.CompletedTask;
    }

    public static bool ShouldMirror(JsonObject endpoints, JsonObject service)
    {
        var metadata = endpoints.Object("metadata");
        if (metadata.Object("labels").String(SkipMirrorLabel) == "true" ||
            metadata.Object("annotations")?.ContainsKey(LeaderElectionAnnotation) == true)
        {
            return false;
        }

        return service.Object("spec").Object("selector") is not { Count: > 0 };
    }

    private static List<DesiredSlice> Desired(StoredObject endpoints)
    {
        var labels = new JsonObject();
        foreach (var (key, value) in endpoints.Labels ?? [])
        {
            if (key != EndpointSliceSync.ManagedByLabel && key != EndpointSliceSync.ServiceNameLabel)
            {
                labels[key] = value?.DeepClone();
            }
        }

        labels[EndpointSliceSync.ServiceNameLabel] = endpoints.Name;
        labels[EndpointSliceSync.ManagedByLabel] = ManagedBy;
        var annotations = new JsonObject();
        foreach (var (key, value) in endpoints.Metadata.Object("annotations") ?? [])
        {
            if (Array.IndexOf(IgnoredAnnotations, key) < 0)
            {
                annotations[key] = value?.DeepClone();
            }
        }

        var owner = OwnerReference.Controller("v1", "Endpoints", endpoints.Name, endpoints.Uid);

        // kube repacks subsets first: subsets with the same ports become one.
        var byKey = new Dictionary<string, (string AddressType, JsonArray Ports, List<JsonObject> Endpoints)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var subset in (endpoints.Object.Array("subsets") ?? []).OfType<JsonObject>())
        {
            var ports = Ports(subset.Array("ports"));
            var added = 0;
            foreach (var (list, ready) in new[] { (subset.Array("addresses"), true), (subset.Array("notReadyAddresses"), false) })
            {
                foreach (var address in (list ?? []).OfType<JsonObject>())
                {
                    if (added >= MaxEndpointsPerSubset)
                    {
                        break;
                    }

                    if (!IPAddress.TryParse(address.String("ip") ?? string.Empty, out var ip))
                    {
                        continue;
                    }

                    var family = ip.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
                    var key = family + "|" + ports.ToJsonString();
                    if (!byKey.TryGetValue(key, out var group))
                    {
                        group = (family, ports, []);
                        byKey[key] = group;
                        order.Add(key);
                    }

                    group.Endpoints.Add(Endpoint(address, ip, ready));
                    added++;
                }
            }
        }

        return order.Select(k =>
        {
            var group = byKey[k];
            var list = new JsonArray();
            foreach (var endpoint in group.Endpoints.OrderBy(e => e["addresses"]![0]!.ToString(), StringComparer.Ordinal))
            {
                list.Add(endpoint);
            }

            return new DesiredSlice(group.AddressType, (JsonArray)group.Ports.DeepClone(), list, (JsonObject)labels.DeepClone(), (JsonObject)annotations.DeepClone(), owner);
        }).ToList();
    }

    private static JsonObject Endpoint(JsonObject address, IPAddress ip, bool ready)
    {
        var endpoint = new JsonObject
        {
            ["addresses"] = new JsonArray(ip.ToString()),
            ["conditions"] = new JsonObject { ["ready"] = ready },
        };
        if (address["targetRef"] is JsonObject targetRef)
        {
            endpoint["targetRef"] = targetRef.DeepClone();
        }

        if (address.String("nodeName") is { Length: > 0 } nodeName)
        {
            endpoint["nodeName"] = nodeName;
        }

        if (address.String("hostname") is { Length: > 0 } hostname)
        {
            endpoint["hostname"] = hostname;
        }

        return endpoint;
    }

    private static JsonArray Ports(JsonArray? ports)
    {
        var result = new JsonArray();
        foreach (var port in (ports ?? []).OfType<JsonObject>())
        {
            var copy = new JsonObject
            {
                ["name"] = port.String("name") ?? string.Empty,
                ["port"] = port["port"]?.DeepClone(),
                ["protocol"] = port.String("protocol") ?? "TCP",
            };
            if (port.String("appProtocol") is { } appProtocol)
            {
                copy["appProtocol"] = appProtocol;
            }

            result.Add(copy);
        }

        return result;
    }
}
