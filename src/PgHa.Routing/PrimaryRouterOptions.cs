using System.Text.RegularExpressions;
using PgHa.Routing.Resources;

namespace PgHa.Routing;

/// <summary>Settings of a cluster's routing: names, labels, ports, mode. Validated when a router is created (or at start-up with <c>ValidateOnStart</c>).</summary>
public sealed partial class PrimaryRouterOptions
{
    /// <summary>The library's <c>endpointslice.kubernetes.io/managed-by</c> value.</summary>
    /// <remarks>
    /// Never the mirroring controller's (<c>endpointslicemirroring-controller.k8s.io</c>) nor the EndpointSlice
    /// controller's: those controllers delete or rewrite slices that carry their value and do not match what they
    /// compute, so a router using it would fight them forever.
    /// </remarks>
    public const string DefaultManagedBy = "primary-router.pgha.io";

    /// <summary>The cluster's name (postgres-operator's cluster, Patroni's scope). Required.</summary>
    public string ClusterName { get; set; } = string.Empty;

    /// <summary>The namespace. The default is <c>default</c>.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>The team label's value. The default is <c>acid</c>, as in postgres-operator's examples.</summary>
    public string Team { get; set; } = "acid";

    /// <summary>The master Service's name; null for the cluster name.</summary>
    public string? ServiceName { get; set; }

    /// <summary>The replica Service's name; null for <c>&lt;cluster&gt;-repl</c>.</summary>
    public string? ReplicaServiceName { get; set; }

    /// <summary>Create (or keep) the replica Service, a selector Service over the replica role. The default is true.</summary>
    public bool ProvisionReplicaService { get; set; } = true;

    /// <summary>The label that carries a member's role. The default is <c>spilo-role</c>.</summary>
    public string RoleLabel { get; set; } = "spilo-role";

    /// <summary>The role label's value for the primary. The default is <c>master</c>.</summary>
    public string PrimaryRole { get; set; } = "master";

    /// <summary>The role label's value for replicas. The default is <c>replica</c>.</summary>
    public string ReplicaRole { get; set; } = "replica";

    /// <summary>The label that names the application. The default is <c>application: spilo</c>.</summary>
    public string Application { get; set; } = "spilo";

    /// <summary>The Service's ports; the route's ports carry the same names. The default is <c>postgresql</c> 5432/TCP.</summary>
    public IList<RoutePort> Ports { get; set; } = [new RoutePort("postgresql", 5432)];

    /// <summary>How the route is written. The default is <see cref="RoutingMode.EndpointSlice"/>.</summary>
    public RoutingMode Mode { get; set; } = RoutingMode.EndpointSlice;

    /// <summary>The <c>endpointslice.kubernetes.io/managed-by</c> value of the slices this router writes. The default is <see cref="DefaultManagedBy"/>.</summary>
    public string ManagedBy { get; set; } = DefaultManagedBy;

    /// <summary>
    /// The owner of the Services the provisioner creates (e.g. the operator's <c>postgresql</c> resource), so that
    /// deleting it removes them, and with them their slices; null for none. Added to existing Services that lack it.
    /// </summary>
    public k8s.Models.V1OwnerReference? ServiceOwner { get; set; }

    /// <summary>How long a route request (its reads and writes) may take before it fails. The default is 10 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The master Service's name after defaults.</summary>
    public string EffectiveServiceName => ServiceName ?? ClusterName;

    /// <summary>The replica Service's name after defaults.</summary>
    public string EffectiveReplicaServiceName => ReplicaServiceName ?? ClusterName + "-repl";

    /// <summary>The cluster labels (<c>application</c>, <c>cluster-name</c>, <c>team</c>) put on everything.</summary>
    public Dictionary<string, string> ClusterLabels() => new(StringComparer.Ordinal)
    {
        ["application"] = Application,
        ["cluster-name"] = ClusterName,
        ["team"] = Team,
    };

    /// <summary>The errors in these options, each naming its setting; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Dns1035(nameof(ClusterName), ClusterName, errors);
        Dns1123(nameof(Namespace), Namespace, errors);
        if (ServiceName is not null)
        {
            Dns1035(nameof(ServiceName), ServiceName, errors);
        }

        if (ReplicaServiceName is not null)
        {
            Dns1035(nameof(ReplicaServiceName), ReplicaServiceName, errors);
        }

        foreach (var (name, value) in new[] { (nameof(Team), Team), (nameof(Application), Application), (nameof(PrimaryRole), PrimaryRole), (nameof(ReplicaRole), ReplicaRole) })
        {
            if (string.IsNullOrEmpty(value) || value.Length > 63 || !LabelValue().IsMatch(value))
            {
                errors.Add($"{name} must be a label value (alphanumerics, '-', '_', '.', at most 63); it was '{value}'.");
            }
        }

        // The replica Service is named after the cluster unless named otherwise: that name must fit a Service too.
        if (ProvisionReplicaService && ReplicaServiceName is null && !string.IsNullOrEmpty(ClusterName) && (ClusterName + "-repl").Length > 63)
        {
            errors.Add($"{nameof(ClusterName)} may have at most 58 characters when the replica Service is named after it ('<{nameof(ClusterName)}>-repl', a Service name of at most 63); set {nameof(ReplicaServiceName)}, or {nameof(ProvisionReplicaService)} to false. It was '{ClusterName}'.");
        }

        if (!IsLabelKey(RoleLabel))
        {
            errors.Add($"{nameof(RoleLabel)} must be a label key (an optional DNS subdomain prefix of at most 253 characters and '/', then a name of at most 63); it was '{RoleLabel}'.");
        }
        else if (RoleLabel is "application" or "cluster-name" or "team" or RouteMetadata.ServiceNameLabel or RouteMetadata.ManagedByLabel)
        {
            errors.Add($"{nameof(RoleLabel)} may not be '{RoleLabel}': the router sets that label to something else on the objects it writes.");
        }

        if (string.IsNullOrEmpty(ManagedBy) || !LabelValue().IsMatch(ManagedBy) || ManagedBy.Length > 63)
        {
            errors.Add($"{nameof(ManagedBy)} must be a label value of at most 63 characters; it was '{ManagedBy}'.");
        }
        else if (ManagedBy is "endpointslicemirroring-controller.k8s.io" or "endpointslice-controller.k8s.io")
        {
            errors.Add($"{nameof(ManagedBy)} may not be '{ManagedBy}': that controller would fight this router over the slice.");
        }

        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromDays(1))
        {
            errors.Add($"{nameof(RequestTimeout)} must be positive and at most a day; it was {RequestTimeout}.");
        }

        if (!Enum.IsDefined(Mode))
        {
            errors.Add($"{nameof(Mode)} must be EndpointSlice or Endpoints; it was {(int)Mode}.");
        }

        if (Ports is null || Ports.Count == 0)
        {
            errors.Add($"{nameof(Ports)} must name at least one port.");
        }
        else
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < Ports.Count; i++)
            {
                var port = Ports[i];
                if (string.IsNullOrEmpty(port.Name) || !Dns1123Label().IsMatch(port.Name) || port.Name.Length > 15)
                {
                    errors.Add($"{nameof(Ports)}[{i}].Name must be a DNS label of at most 15 characters (it is the name the route's port must carry); it was '{port.Name}'.");
                }
                else if (!names.Add(port.Name))
                {
                    errors.Add($"{nameof(Ports)}[{i}].Name '{port.Name}' is used twice.");
                }

                if (port.Port is < 1 or > 65535 || port.EffectiveTargetPort is < 1 or > 65535)
                {
                    errors.Add($"{nameof(Ports)}[{i}] ports must be between 1 and 65535; they were {port.Port} -> {port.EffectiveTargetPort}.");
                }

                if (port.Protocol is not ("TCP" or "UDP" or "SCTP"))
                {
                    errors.Add($"{nameof(Ports)}[{i}].Protocol must be TCP, UDP or SCTP; it was '{port.Protocol}'.");
                }
            }
        }

        return errors;
    }

    /// <summary>A copy, so that a router keeps the settings it was created with even if the caller changes its instance later.</summary>
    internal PrimaryRouterOptions Snapshot()
    {
        var copy = (PrimaryRouterOptions)MemberwiseClone();
        copy.Ports = [.. Ports];
        return copy;
    }

    /// <summary>Throws when the options are invalid, naming every bad setting.</summary>
    internal void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid PrimaryRouterOptions:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "- " + e)));
        }
    }

    private static bool IsLabelKey(string? key)
    {
        if (string.IsNullOrEmpty(key) || !LabelKey().IsMatch(key))
        {
            return false;
        }

        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash <= 253 && key.Length - slash - 1 <= 63;
    }

    private static void Dns1035(string name, string? value, List<string> errors)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 63 || !Dns1035Label().IsMatch(value))
        {
            errors.Add($"{name} must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter, at most 63; Service names are); it was '{value}'.");
        }
    }

    private static void Dns1123(string name, string? value, List<string> errors)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 63 || !Dns1123Label().IsMatch(value))
        {
            errors.Add($"{name} must be a DNS-1123 label; it was '{value}'.");
        }
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Label();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelKey();
}
