using PgHa.Agent.Postgres;
using PgHa.Election;

namespace PgHa.Agent;

/// <summary>Settings of a <see cref="PostgresAgent"/>, named after Patroni's where Patroni has one.</summary>
public sealed class AgentOptions
{
    /// <summary>The cluster's name (Patroni's <c>scope</c>); names the lock, <c>-config</c> and <c>-sync</c> objects. Required.</summary>
    public string ClusterName { get; set; } = "";

    /// <summary>The namespace of the cluster's objects and of the agent's Pod.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>This member's Pod name: its identity in the lock and PostgreSQL's <c>application_name</c>. Required.</summary>
    public string PodName { get; set; } = "";

    /// <summary>The object holding the lock (ConfigMap <c>&lt;cluster&gt;-leader</c> by default, as Patroni on Kubernetes).</summary>
    public LockKind LockKind { get; set; } = LockKind.ConfigMap;

    /// <summary>The lease duration (Patroni's <c>ttl</c>).</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the leader renews and how often the position in the Pod's status is published (Patroni's <c>loop_wait</c>).</summary>
    public TimeSpan LoopWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one API operation is retried (Patroni's <c>retry_timeout</c>).</summary>
    public TimeSpan RetryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often PostgreSQL is health-checked; also the agent's reaction time to a dead postmaster.</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest lag in bytes behind the last leader's optime with which this member may take over (Patroni's <c>maximum_lag_on_failover</c>).</summary>
    public long MaximumLagOnFailover { get; set; } = 1_048_576;

    /// <summary>The master Service's address, which standbys follow and clone from (never a Pod's address). Required.</summary>
    public PrimaryAddress? Primary { get; set; }

    /// <summary>Patroni's <c>synchronous_mode</c>: the leader keeps one confirmed synchronous standby, and only it may take over.</summary>
    public bool SynchronousMode { get; set; } = true;

    /// <summary>What the leader does when its postmaster dies.</summary>
    public PostmasterFailurePolicy PostmasterFailurePolicy { get; set; } = PostmasterFailurePolicy.RestartFirst;

    /// <summary>The Pod label carrying the member's role (Spilo's <c>spilo-role</c>).</summary>
    public string RoleLabel { get; set; } = "spilo-role";

    /// <summary>The role label's value on the primary.</summary>
    public string MasterRole { get; set; } = "master";

    /// <summary>The role label's value on a standby.</summary>
    public string ReplicaRole { get; set; } = "replica";

    /// <summary>Set the Pod's <c>Ready</c> condition from the health check (playing the kubelet's readiness probe, for the demo).</summary>
    public bool ReportReadiness { get; set; }

    /// <summary>
    /// Selects the cluster's Pods (the members); null for Patroni's <c>application=spilo,cluster-name=&lt;cluster&gt;</c>.
    /// Only a member can become the synchronous standby; and outside synchronous mode a candidate defers briefly to a
    /// member whose <c>status</c> annotation shows it further ahead.
    /// </summary>
    public string? MemberLabelSelector { get; set; }

    /// <summary>How long the leader waits for PostgreSQL to confirm a new synchronous standby before trying again on a later loop; null for <see cref="LoopWait"/>.</summary>
    public TimeSpan? SyncConfirmTimeout { get; set; }

    /// <summary>The errors in these options, each naming its setting; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Primary is null)
        {
            errors.Add($"{nameof(Primary)} is required: the master Service's host and port.");
        }
        else if (string.IsNullOrEmpty(Primary.Host) || Primary.Port is <= 0 or > 65535)
        {
            errors.Add($"{nameof(Primary)} needs a host and a port between 1 and 65535; it was {Primary.Host}:{Primary.Port}.");
        }

        if (HealthCheckInterval <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(HealthCheckInterval)} must be positive; it was {HealthCheckInterval}.");
        }

        if (SyncConfirmTimeout is { } confirm && confirm <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(SyncConfirmTimeout)} must be positive; it was {confirm}.");
        }

        if (!Enum.IsDefined(PostmasterFailurePolicy))
        {
            errors.Add($"{nameof(PostmasterFailurePolicy)} must be RestartFirst or ReleaseLock; it was {(int)PostmasterFailurePolicy}.");
        }

        foreach (var (name, value) in new[] { (nameof(RoleLabel), RoleLabel), (nameof(MasterRole), MasterRole), (nameof(ReplicaRole), ReplicaRole) })
        {
            if (string.IsNullOrEmpty(value))
            {
                errors.Add($"{name} is required.");
            }
            else if (!IsLabel(name == nameof(RoleLabel) ? value : "role", name == nameof(RoleLabel) ? "x" : value))
            {
                // The agent writes them on its Pod: a label the API server refuses would fail every role change.
                errors.Add(name == nameof(RoleLabel)
                    ? $"{name} must be a label key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'); it was '{value}'."
                    : $"{name} must be a label value (at most 63 letters, digits, '-', '_' or '.'); it was '{value}'.");
            }
        }

        if (!string.IsNullOrEmpty(MasterRole) && MasterRole == ReplicaRole)
        {
            errors.Add($"{nameof(MasterRole)} and {nameof(ReplicaRole)} must differ; both were '{MasterRole}'.");
        }

        // The election's own rules, reported with the agent's setting names.
        foreach (var error in ToElectorOptions().Validate())
        {
            errors.Add(error.Replace("Scope", nameof(ClusterName), StringComparison.Ordinal).Replace("Identity", nameof(PodName), StringComparison.Ordinal));
        }

        return errors;
    }

    /// <summary>The elector's options. The elector never releases on its own: the agent stops PostgreSQL first and then releases (see <see cref="PostgresAgent.RunAsync"/>).</summary>
    // Kube's label rules, as the election checks the labels it puts on the lock.
    private static bool IsLabel(string key, string value) =>
        new LeaderElectorOptions { Scope = "probe", Identity = "probe", Labels = new Dictionary<string, string> { [key] = value } }.Validate().Count == 0;

    internal LeaderElectorOptions ToElectorOptions() => new()
    {
        Scope = ClusterName,
        Namespace = Namespace,
        Identity = PodName,
        LockKind = LockKind,
        Ttl = Ttl,
        LoopWait = LoopWait,
        RetryTimeout = RetryTimeout,
        MaximumLagOnFailover = MaximumLagOnFailover,
        ReleaseOnStop = false,
    };

    /// <summary>A copy, so that later changes by the caller do not reach a running agent.</summary>
    internal AgentOptions Clone() => (AgentOptions)MemberwiseClone();

    internal string EffectiveMemberLabelSelector => MemberLabelSelector ?? $"application=spilo,cluster-name={ClusterName}";

    internal TimeSpan EffectiveSyncConfirmTimeout => SyncConfirmTimeout ?? LoopWait;
}
