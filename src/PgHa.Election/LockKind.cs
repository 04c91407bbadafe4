namespace PgHa.Election;

/// <summary>Which Kubernetes object holds the leader lock.</summary>
public enum LockKind
{
    /// <summary>Annotations on the <c>&lt;scope&gt;-leader</c> ConfigMap: Patroni's default.</summary>
    ConfigMap,

    /// <summary>Annotations on the <c>&lt;scope&gt;</c> Endpoints (Patroni's <c>use_endpoints</c>); the primary's address can be written in the same compare-and-swap.</summary>
    Endpoints,

    /// <summary>A coordination.k8s.io/v1 Lease, with client-go's fields.</summary>
    Lease,
}
