namespace PgHa.Testing.Validation;

/// <summary>Which of kube's name formats a kind's <c>metadata.name</c> must follow.</summary>
internal enum NameRule
{
    /// <summary>DNS-1123 subdomain, at most 253 characters: most kinds (Pods, Endpoints, EndpointSlices, ConfigMaps, Leases, custom resources).</summary>
    Dns1123Subdomain,

    /// <summary>DNS-1123 label, at most 63 characters: Namespaces.</summary>
    Dns1123Label,

    /// <summary>DNS-1035 label (starts with a letter), at most 63 characters: Services.</summary>
    Dns1035Label,

    /// <summary>
    /// Kube's <c>ValidatePathSegmentName</c>: not <c>.</c> or <c>..</c>, no <c>/</c> or <c>%</c>. The common check
    /// every kind's metadata gets after its own validation passed.
    /// </summary>
    PathSegment,
}
