using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PgHa.Testing.Api;
using PgHa.Testing.Json;
using PgHa.Testing.Resources;
using PgHa.Testing.Storage;

namespace PgHa.Testing.Controllers;

/// <summary>
/// kube's EndpointSlice controller: for every Service with a selector, slices of the matching Pods'
/// addresses (one address family each, at most 100 endpoints), labelled
/// <c>endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io</c> and owned by the Service.
/// An endpoint is <c>ready</c> when its Pod's Ready condition is True and it is not terminating. A Service
/// without matching Pods keeps an empty placeholder slice, as kube does.
/// </summary>
internal sealed class EndpointSliceController : Controller<ObjectKey>
{
    public const string ManagedBy = "endpointslice-controller.k8s.io";
    public const string HeadlessLabel = "service.kubernetes.io/headless";
    public const int MaxEndpointsPerSlice = 100;

    public EndpointSliceController(ApiOperations api, ControllerActivity activity, TimeProvider time, ILogger logger)
        : base(api, activity, time, logger)
    {
    }

    public override string Name => "endpointslice";

    public override void Observe(StoreEvent e)
    {
        var type = e.Object.Type;
        if (type == BuiltInResources.Services)
        {
            Enqueue(e.Object.Key);
        }
        else if (type == BuiltInResources.Pods)
        {
            // Every Service in the namespace whose selector matches the pod before or after the change.
            var (services, _) = Api.Store.List(BuiltInResources.Services, new ObjectFilter(e.Object.Namespace, null));
            foreach (var service in services)
            {
                var selector = service.Object.Object("spec").Object("selector");
                if (selector is { Count: > 0 } && (Selects(selector, e.Object.Labels) || (e.Previous is not null && Selects(selector, e.Previous.Labels))))
                {
                    Enqueue(service.Key);
                }
            }
        }
        else if (EndpointSliceSync.ManagedSliceService(e, ManagedBy) is { } service)
        {
            Enqueue(service);
        }
    }

    protected override Task ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var service = Api.Store.Get(BuiltInResources.Services, key);
        var spec = service?.Object.Object("spec");
        var selector = spec.Object("selector");
        if (service is null || selector is not { Count: > 0 } || spec.String("type") == "ExternalName")
        {
            EndpointSliceSync.Apply(Api, key.Namespace!, key.Name, ManagedBy, [], mayCreate: false);
            return Task.CompletedTask;
        }

        var (pods, _) = Api.Store.List(BuiltInResources.Pods, new ObjectFilter(key.Namespace, p => Selects(selector, p.Labels)));
        EndpointSliceSync.Apply(Api, key.Namespace!, key.Name, ManagedBy, Desired(service, pods), mayCreate: !service.IsBeingDeleted);
        return Task.CompletedTask;
    }

    private static bool Selects(JsonObject selector, JsonObject? labels)
    {
        foreach (var (key, value) in selector)
        {
            if (labels.String(key) != (value as JsonValue)?.ToString())
            {
                return false;
            }
        }

        return true;
    }

    private static List<DesiredSlice> Desired(StoredObject service, List<StoredObject> pods)
    {
        var spec = service.Object.Object("spec")!;
        var families = (spec.Array("ipFamilies") ?? [JsonValue.Create("IPv4")]).Select(f => f?.ToString() ?? "IPv4").ToList();
        var publishNotReady = spec.Boolean("publishNotReadyAddresses") == true;
        var labels = new JsonObject();
        foreach (var (key, value) in service.Labels ?? [])
        {
            if (key != EndpointSliceSync.ManagedByLabel && key != EndpointSliceSync.ServiceNameLabel)
            {
                labels[key] = value?.DeepClone();
            }
        }

        labels[EndpointSliceSync.ServiceNameLabel] = service.Name;
        labels[EndpointSliceSync.ManagedByLabel] = ManagedBy;
        if (spec.String("clusterIP") == "None")
        {
            labels[HeadlessLabel] = string.Empty;
        }

        var owner = OwnerReference.Controller("v1", "Service", service.Name, service.Uid);
        var groups = new SortedDictionary<string, (string Family, JsonArray Ports, List<JsonObject> Endpoints)>(StringComparer.Ordinal);
        foreach (var pod in pods.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var phase = pod.Object.Object("status").String("phase");
            if (phase is "Succeeded" or "Failed")
            {
                continue;
            }

            var ports = ResolvePorts(spec.Array("ports"), pod.Object);
            foreach (var ip in PodIps(pod.Object))
            {
                var family = ip.AddressFamily == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
                if (!families.Contains(family))
                {
                    continue;
                }

                var key = family + "|" + ports.ToJsonString();
                if (!groups.TryGetValue(key, out var group))
                {
                    group = (family, ports, []);
                    groups[key] = group;
                }

                group.Endpoints.Add(Endpoint(pod, ip, service.Name, publishNotReady));
            }
        }

        var desired = new List<DesiredSlice>();
        foreach (var group in groups.Values)
        {
            foreach (var chunk in group.Endpoints.Chunk(MaxEndpointsPerSlice))
            {
                desired.Add(new DesiredSlice(group.Family, (JsonArray)group.Ports.DeepClone(), new JsonArray([.. chunk]), (JsonObject)labels.DeepClone(), null, owner));
            }
        }

        if (desired.Count == 0)
        {
            desired.Add(new DesiredSlice(families[0], [], [], labels, null, owner));
        }

        return desired;
    }

    private static JsonObject Endpoint(StoredObject pod, IPAddress ip, string serviceName, bool publishNotReady)
    {
        var terminating = pod.IsBeingDeleted;
        var podReady = (pod.Object.Object("status").Array("conditions") ?? []).OfType<JsonObject>()
            .Any(c => c.String("type") == "Ready" && c.String("status") == "True");
        var serving = publishNotReady || podReady;
        var endpoint = new JsonObject
        {
            ["addresses"] = new JsonArray(ip.ToString()),
            ["conditions"] = new JsonObject
            {
                ["ready"] = serving && !terminating,
                ["serving"] = serving,
                ["terminating"] = terminating,
            },
            ["targetRef"] = new JsonObject
            {
                ["kind"] = "Pod",
                ["namespace"] = pod.Namespace,
                ["name"] = pod.Name,
                ["uid"] = pod.Uid,
            },
        };
        var podSpec = pod.Object.Object("spec");
        if (podSpec.String("nodeName") is { Length: > 0 } nodeName)
        {
            endpoint["nodeName"] = nodeName;
        }

        if (podSpec.String("hostname") is { Length: > 0 } hostname && podSpec.String("subdomain") == serviceName)
        {
            endpoint["hostname"] = hostname;
        }

        return endpoint;
    }

    private static IEnumerable<IPAddress> PodIps(JsonObject pod)
    {
        var status = pod.Object("status");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in (status.Array("podIPs") ?? []).OfType<JsonObject>())
        {
            if (entry.String("ip") is { } text && seen.Add(text) && IPAddress.TryParse(text, out var ip))
            {
                yield return ip;
            }
        }

        if (status.String("podIP") is { } podIp && seen.Add(podIp) && IPAddress.TryParse(podIp, out var single))
        {
            yield return single;
        }
    }

    // kube's FindPort: a numeric targetPort is used as is; a named one is looked up in the pod's container ports.
    private static JsonArray ResolvePorts(JsonArray? servicePorts, JsonObject pod)
    {
        var result = new JsonArray();
        foreach (var port in (servicePorts ?? []).OfType<JsonObject>())
        {
            long? number = null;
            var target = port["targetPort"] as JsonValue;
            if (target is null)
            {
                number = port.Int64("port");
            }
            else if (target.GetValueKind() == JsonValueKind.Number)
            {
                number = port.Int64("targetPort");
            }
            else if (target.GetValueKind() == JsonValueKind.String)
            {
                var name = target.GetValue<string>();
                number = (pod.Object("spec").Array("containers") ?? []).OfType<JsonObject>()
                    .SelectMany(c => (c.Array("ports") ?? []).OfType<JsonObject>())
                    .FirstOrDefault(p => p.String("name") == name && (p.String("protocol") ?? "TCP") == (port.String("protocol") ?? "TCP"))
                    .Int64("containerPort");
            }

            if (number is null)
            {
                continue;
            }

            var copy = new JsonObject
            {
                ["name"] = port.String("name") ?? string.Empty,
                ["port"] = number.Value,
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
