using System.Globalization;
using System.Net;
using System.Text;
using k8s.Models;

namespace PgHa.Routing.Resources;

/// <summary>Builds the route's objects (slice, Endpoints subsets, Services) and compares live ones with them by meaning.</summary>
internal static class RouteObjects
{
    /// <summary>
    /// The route's ports: the Service's, named as the Service names them (kube-proxy matches slice ports to Service
    /// ports by name), each with the port the primary listens on. Without a Service, the configured ports.
    /// </summary>
    public static IReadOnlyList<RoutePort> Ports(V1Service? service, PrimaryRouterOptions options)
    {
        if (service?.Spec?.Ports is not { Count: > 0 } servicePorts)
        {
            return [.. options.Ports];
        }

        var ports = new List<RoutePort>(servicePorts.Count);
        foreach (var port in servicePorts)
        {
            var name = port.Name ?? string.Empty;
            var configured = options.Ports.FirstOrDefault(p => p.Name == name);
            var target = port.TargetPort?.Value is { } value && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : configured?.EffectiveTargetPort ?? port.Port;
            ports.Add(new RoutePort(name, port.Port, target, port.Protocol ?? "TCP"));
        }

        return ports;
    }

    /// <summary>The labels of the route and the master Service: the cluster labels, the primary's role.</summary>
    public static Dictionary<string, string> MasterLabels(PrimaryRouterOptions options)
    {
        var labels = options.ClusterLabels();
        labels[options.RoleLabel] = options.PrimaryRole;
        return labels;
    }

    /// <summary>The slice the master Service should have: <c>generateName: &lt;service&gt;-</c>, owned by the Service.</summary>
    public static V1EndpointSlice Slice(PrimaryRouterOptions options, V1Service service, IReadOnlyList<RoutePort> ports, PrimaryTarget? target, RouteTerm term, string addressType)
    {
        var labels = MasterLabels(options);
        labels[RouteMetadata.ServiceNameLabel] = service.Name();
        labels[RouteMetadata.ManagedByLabel] = options.ManagedBy;
        return new V1EndpointSlice
        {
            ApiVersion = "discovery.k8s.io/v1",
            Kind = "EndpointSlice",
            Metadata = new V1ObjectMeta
            {
                GenerateName = service.Name() + "-",
                NamespaceProperty = service.Namespace(),
                Labels = labels,
                Annotations = new Dictionary<string, string> { [RouteMetadata.TermAnnotation] = term.Format() },
                OwnerReferences = [Owner(service)],
            },
            AddressType = addressType,
            Endpoints = target is null ? [] : [Endpoint(target)],
            Ports = [.. ports.Select(p => new Discoveryv1EndpointPort { Name = p.Name, Port = p.EffectiveTargetPort, Protocol = p.Protocol })],
        };
    }

    /// <summary>The owner reference that ties a slice to its Service (and lets the garbage collector remove it with the Service).</summary>
    public static V1OwnerReference Owner(V1Service service) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Name = service.Name(),
        Uid = service.Uid(),
        Controller = true,
        BlockOwnerDeletion = true,
    };

    /// <summary>The primary as a slice endpoint: its address, conditions, Pod and node.</summary>
    public static V1Endpoint Endpoint(PrimaryTarget target) => new()
    {
        Addresses = [Address(target.Address)],
        Conditions = new V1EndpointConditions { Ready = target.Ready, Serving = target.Ready, Terminating = false },
        TargetRef = PodReference(target),
        NodeName = target.NodeName,
    };

    /// <summary>The Endpoints subsets that route to <paramref name="target"/>: none without one, its address under <c>notReadyAddresses</c> when it is not ready.</summary>
    public static List<V1EndpointSubset> Subsets(PrimaryTarget? target, IEnumerable<RoutePort> ports)
    {
        if (target is null)
        {
            return [];
        }

        var address = new V1EndpointAddress { Ip = Address(target.Address), NodeName = target.NodeName, TargetRef = PodReference(target) };
        return
        [
            new V1EndpointSubset
            {
                Addresses = target.Ready ? [address] : null,
                NotReadyAddresses = target.Ready ? null : [address],
                Ports = [.. ports.Select(p => new Corev1EndpointPort { Name = p.Name, Port = p.EffectiveTargetPort, Protocol = p.Protocol })],
            },
        ];
    }

    /// <summary>The master Service: no selector (the route is written, not computed), the configured ports.</summary>
    public static V1Service MasterService(PrimaryRouterOptions options) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = options.EffectiveServiceName, NamespaceProperty = options.Namespace, Labels = MasterLabels(options), OwnerReferences = Owners(options) },
        Spec = new V1ServiceSpec { Type = "ClusterIP", Ports = ServicePorts(options) },
    };

    /// <summary>The replica Service: a selector over the cluster's replica pods.</summary>
    public static V1Service ReplicaService(PrimaryRouterOptions options)
    {
        var labels = options.ClusterLabels();
        labels[options.RoleLabel] = options.ReplicaRole;
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta { Name = options.EffectiveReplicaServiceName, NamespaceProperty = options.Namespace, Labels = labels, OwnerReferences = Owners(options) },
            Spec = new V1ServiceSpec { Type = "ClusterIP", Ports = ServicePorts(options), Selector = ReplicaSelector(options) },
        };
    }

    /// <summary>The replica Service's selector: <c>application</c>, <c>cluster-name</c> and the replica role.</summary>
    public static Dictionary<string, string> ReplicaSelector(PrimaryRouterOptions options) => new(StringComparer.Ordinal)
    {
        ["application"] = options.Application,
        ["cluster-name"] = options.ClusterName,
        [options.RoleLabel] = options.ReplicaRole,
    };

    /// <summary>The route's term recorded on an object, or null when it carries none (or one that cannot be read).</summary>
    public static RouteTerm? RecordedTerm(V1ObjectMeta? metadata) =>
        metadata?.Annotations is { } annotations && annotations.TryGetValue(RouteMetadata.TermAnnotation, out var text) && RouteTerm.TryParse(text, out var term)
            ? term
            : null;

    /// <summary>The term of a Patroni lock kept on the same object (<c>transitions</c> and <c>leader</c>), or null when it holds none.</summary>
    public static RouteTerm? LockTerm(V1ObjectMeta? metadata)
    {
        if (metadata?.Annotations is not { } annotations ||
            !annotations.TryGetValue(RouteMetadata.TransitionsAnnotation, out var text) ||
            !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var transitions))
        {
            return null;
        }

        return new RouteTerm(annotations.TryGetValue(RouteMetadata.LeaderAnnotation, out var leader) ? leader ?? string.Empty : string.Empty, transitions);
    }

    /// <summary>A slice's endpoints as one comparable text: addresses, conditions, Pod, node; in a stable order.</summary>
    public static string EndpointsKey(IEnumerable<V1Endpoint>? endpoints)
    {
        if (endpoints is null)
        {
            return string.Empty;
        }

        var keys = endpoints.Select(e =>
        {
            var text = new StringBuilder();
            text.AppendJoin(',', (e.Addresses ?? []).Select(Canonical).Order(StringComparer.Ordinal));
            text.Append('|').Append(Flag(e.Conditions?.Ready)).Append(Flag(e.Conditions?.Serving)).Append(Flag(e.Conditions?.Terminating));
            text.Append('|').Append(Reference(e.TargetRef)).Append('|').Append(e.NodeName);
            return text.ToString();
        });
        return string.Join(';', keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Endpoints subsets as one comparable text, in a stable order (the API server may repack them).</summary>
    public static string SubsetsKey(IEnumerable<V1EndpointSubset>? subsets)
    {
        if (subsets is null)
        {
            return string.Empty;
        }

        var keys = new List<string>();
        foreach (var subset in subsets)
        {
            var ports = PortsKey((subset.Ports ?? []).Select(p => PortKey(p.Name, p.Port, p.Protocol)));
            foreach (var (list, ready) in new[] { (subset.Addresses, "r"), (subset.NotReadyAddresses, "n") })
            {
                foreach (var address in list ?? [])
                {
                    keys.Add($"{Canonical(address.Ip)}|{ready}|{Reference(address.TargetRef)}|{address.NodeName}|{ports}");
                }
            }
        }

        return string.Join(';', keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Ports (each from <see cref="PortKey"/>) as one comparable text, in a stable order.</summary>
    public static string PortsKey(IEnumerable<string> ports) => string.Join(',', ports.Order(StringComparer.Ordinal));

    /// <summary>A port as comparable text; the protocol defaults to TCP as the API's does.</summary>
    public static string PortKey(string? name, int? port, string? protocol) => $"{name}/{port}/{protocol ?? "TCP"}";

    /// <summary>The address as the API stores it (IPv6 in its short form).</summary>
    public static string Address(IPAddress address) => (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    private static string Canonical(string? address) =>
        address is not null && IPAddress.TryParse(address, out var parsed) ? Address(parsed) : address ?? string.Empty;

    private static V1ObjectReference PodReference(PrimaryTarget target) => new()
    {
        Kind = "Pod",
        Name = target.PodName,
        NamespaceProperty = target.Namespace,
        Uid = target.PodUid,
    };

    private static string Reference(V1ObjectReference? reference) =>
        reference is null ? string.Empty : $"{reference.Kind}/{reference.NamespaceProperty}/{reference.Name}/{reference.Uid}";

    private static char Flag(bool? value) => value switch { true => 'T', false => 'F', null => '-' };

    private static List<V1OwnerReference>? Owners(PrimaryRouterOptions options) => options.ServiceOwner is { } owner ? [owner] : null;

    private static List<V1ServicePort> ServicePorts(PrimaryRouterOptions options) =>
        [.. options.Ports.Select(p => new V1ServicePort { Name = p.Name, Port = p.Port, TargetPort = p.EffectiveTargetPort, Protocol = p.Protocol })];
}
