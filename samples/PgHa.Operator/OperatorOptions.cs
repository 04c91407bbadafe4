using PgHa.Election;
using PgHa.Routing;

namespace PgHa.Operator;

/// <summary>How the operator finds its clusters' members and locks and how it routes them.</summary>
public sealed class OperatorOptions
{
    /// <summary>The namespace to watch; null watches all namespaces.</summary>
    public string? Namespace { get; set; }

    /// <summary>The kind of object the agents hold their lock on (ConfigMap <c>&lt;cluster&gt;-leader</c> by default).</summary>
    public LockKind LockKind { get; set; } = LockKind.ConfigMap;

    /// <summary>How the master Service's route is written: the operator's own EndpointSlice (default) or the Service's Endpoints.</summary>
    public RoutingMode RoutingMode { get; set; } = RoutingMode.EndpointSlice;

    /// <summary>The Pod label that carries a member's role (<c>master</c>/<c>replica</c>); the replica Service selects on it.</summary>
    public string RoleLabel { get; set; } = "spilo-role";

    /// <summary>
    /// The label selector of the members' Pods, the Services, the route and the lock objects the operator watches. Every
    /// object of a cluster carries <c>application: spilo</c> (Spilo's and PgHa.Election's default lock labels), so one
    /// cluster-wide watch per kind sees only the clusters' objects.
    /// </summary>
    public string LabelSelector { get; set; } = "application=spilo";

    /// <summary>How many clusters are reconciled at once; one cluster is never reconciled twice at once.</summary>
    public int MaxConcurrentReconciles { get; set; } = 4;

    /// <summary>How often every cached cluster is queued again without any API read (a safety net for lost events).</summary>
    public TimeSpan ResyncPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The lock's ttl when its record names none (Patroni's default).</summary>
    public TimeSpan DefaultLockTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first retry delay of a cluster whose reconcile failed; it doubles with every failure in a row.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The cap of a failing cluster's retry delay.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The errors in these options, each naming its setting; empty when they are valid.</summary>
    /// <returns>The messages.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Namespace is { } ns && (ns.Length == 0 || ns.Length > 63 || !IsDnsLabel(ns)))
        {
            errors.Add($"{nameof(Namespace)} '{ns}' is not a namespace name (a DNS label of at most 63 characters), nor null for all namespaces.");
        }

        if (!Enum.IsDefined(LockKind))
        {
            errors.Add($"{nameof(LockKind)} {(int)LockKind} is not one of ConfigMap, Endpoints or Lease.");
        }

        if (!Enum.IsDefined(RoutingMode))
        {
            errors.Add($"{nameof(RoutingMode)} {(int)RoutingMode} is not one of EndpointSlice or Endpoints.");
        }

        if (string.IsNullOrWhiteSpace(RoleLabel))
        {
            errors.Add($"{nameof(RoleLabel)} must name a label key.");
        }
        else if (new PrimaryRouterOptions { ClusterName = "probe", RoleLabel = RoleLabel }.Validate() is { Count: > 0 } routerErrors)
        {
            // Every cluster's router is built with it: checked here by the router's own rules, or each cluster would fail alike.
            errors.AddRange(routerErrors);
        }

        if (string.IsNullOrWhiteSpace(LabelSelector))
        {
            errors.Add($"{nameof(LabelSelector)} must select the clusters' objects (e.g. 'application=spilo').");
        }
        else if (LabelSelectorSyntax.Problem(LabelSelector) is { } selectorProblem)
        {
            errors.Add($"{nameof(LabelSelector)} '{LabelSelector}' would be refused by the API server: {selectorProblem}.");
        }

        if (MaxConcurrentReconciles is < 1 or > 1024)
        {
            errors.Add($"{nameof(MaxConcurrentReconciles)} {MaxConcurrentReconciles} must be between 1 and 1024.");
        }

        // A periodic timer cannot wait longer than about 49 days; a resync a week apart is already rare.
        if (ResyncPeriod < TimeSpan.FromSeconds(1) || ResyncPeriod > TimeSpan.FromDays(7))
        {
            errors.Add($"{nameof(ResyncPeriod)} {ResyncPeriod} must be at least 1 s and at most 7 days.");
        }

        if (DefaultLockTtl <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(DefaultLockTtl)} {DefaultLockTtl} must be positive.");
        }

        if (RetryBaseDelay <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(RetryBaseDelay)} {RetryBaseDelay} must be positive.");
        }

        if (RetryMaxDelay < RetryBaseDelay)
        {
            errors.Add($"{nameof(RetryMaxDelay)} {RetryMaxDelay} must be at least {nameof(RetryBaseDelay)} ({RetryBaseDelay}).");
        }

        return errors;
    }

    internal OperatorOptions Snapshot() => (OperatorOptions)MemberwiseClone();

    private static bool IsDnsLabel(string value) =>
        char.IsAsciiLetterLower(value[0]) || char.IsAsciiDigit(value[0])
            ? value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && value[^1] != '-'
            : false;
}
