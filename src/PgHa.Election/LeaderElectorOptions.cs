using System.Text.RegularExpressions;

namespace PgHa.Election;

/// <summary>Settings of a <see cref="LeaderElector"/>. Validated when the elector is created (or at start-up with <c>ValidateOnStart</c>).</summary>
public sealed partial class LeaderElectorOptions
{
    /// <summary>The cluster's name (Patroni's <c>scope</c>); names the lock object. Required.</summary>
    public string Scope { get; set; } = string.Empty;

    /// <summary>This member's name (usually its pod name); written as the lock's holder. Required.</summary>
    public string Identity { get; set; } = string.Empty;

    /// <summary>The namespace of the lock object. The default is <c>default</c>.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>The object that holds the lock. The default is <see cref="LockKind.ConfigMap"/>, Patroni's default.</summary>
    public LockKind LockKind { get; set; } = LockKind.ConfigMap;

    /// <summary>The lock object's name; null for Patroni's (<c>&lt;scope&gt;</c> for Endpoints, <c>&lt;scope&gt;-leader</c> otherwise).</summary>
    public string? LockName { get; set; }

    /// <summary>Labels put on a lock object this elector creates. The default is Patroni's <c>application: spilo</c> and <c>cluster-name: &lt;scope&gt;</c>.</summary>
    public IDictionary<string, string>? Labels { get; set; }

    /// <summary>The lease duration written into the lock. The default is 30 seconds, Patroni's.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the leader renews. The default is 10 seconds, Patroni's <c>loop_wait</c>.</summary>
    public TimeSpan LoopWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one API operation is retried before it counts as failed. The default is 10 seconds, Patroni's <c>retry_timeout</c>.</summary>
    public TimeSpan RetryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long after the start of its last successful renew the leader steps down if it could not renew. Must lie
    /// between <see cref="LoopWait"/> and <see cref="Ttl"/>; the gap to <see cref="Ttl"/> is the safety margin for
    /// clock-rate drift and scheduling. Null for 90% of <see cref="Ttl"/>.
    /// </summary>
    public TimeSpan? RenewDeadline { get; set; }

    /// <summary>Adjust <see cref="RetryTimeout"/> (and if need be <see cref="LoopWait"/>) as Patroni does when <c>loopWait + 2 × retryTimeout &gt; ttl</c>, instead of rejecting the options. The default is false.</summary>
    public bool AutoAdjustTimings { get; set; }

    /// <summary>How candidates decide that the lease expired. The default is <see cref="ExpiryPolicyKind.ObservedTime"/>.</summary>
    public ExpiryPolicyKind ExpiryPolicy { get; set; } = ExpiryPolicyKind.ObservedTime;

    /// <summary>With <see cref="ExpiryPolicyKind.RenewTime"/>: how far apart the members' wall clocks may be. The default is 1 second.</summary>
    public TimeSpan ClockSkewAllowance { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Release the lock when the elector stops, so the others take over at once. The default is true.</summary>
    public bool ReleaseOnStop { get; set; } = true;

    /// <summary>Never take the lock (Patroni's <c>nofailover</c> tag). The default is false.</summary>
    public bool NoFailover { get; set; }

    /// <summary>The largest replication lag, in bytes behind the last leader's optime, with which this member may take the lock. The default is 1 MiB, Patroni's <c>maximum_lag_on_failover</c>.</summary>
    public long MaximumLagOnFailover { get; set; } = 1024 * 1024;

    /// <summary>How long a candidate leaves an expired lock to an eligible member that is further ahead in replication before taking it itself. The default is null: one <see cref="LoopWait"/>.</summary>
    public TimeSpan? HealthierMemberGrace { get; set; }

    /// <summary>
    /// Test-only switch for the rule that a leader steps down before its renew deadline (true, the default, always in
    /// production). The chaos suite (tests/PgHa.Chaos.Tests) turns it off to show that its checker catches the two
    /// overlapping leaders that follow: with it off, a leader that cannot renew keeps believing it leads until it sees
    /// another holder. Internal, so no configuration can turn it off.
    /// </summary>
    internal bool StepDownBeforeRenewDeadline { get; set; } = true;

    private static readonly TimeSpan MaximumTtl = TimeSpan.FromDays(1);

    /// <summary>The lock object's name after defaults.</summary>
    public string EffectiveLockName => LockName ?? (LockKind == LockKind.Endpoints ? Scope : Scope + "-leader");

    /// <summary>The renew deadline after defaults.</summary>
    public TimeSpan EffectiveRenewDeadline => RenewDeadline ?? Ttl * 0.9;

    /// <summary>The labels of a created lock object after defaults.</summary>
    public IReadOnlyDictionary<string, string> EffectiveLabels =>
        Labels is { Count: > 0 } labels
            ? new Dictionary<string, string>(labels, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal) { ["application"] = "spilo", ["cluster-name"] = Scope };

    /// <summary>The errors in these options, each naming its setting; empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Name(nameof(Scope), Scope, errors);
        Name(nameof(Identity), Identity, errors);
        if (string.IsNullOrEmpty(Namespace) || Namespace.Length > 63 || !DnsLabel().IsMatch(Namespace))
        {
            errors.Add($"{nameof(Namespace)} must be a namespace name, a lowercase RFC 1123 label of at most 63 characters; it was '{Namespace}'.");
        }

        if (LockName is not null)
        {
            Name(nameof(LockName), LockName, errors);
        }
        else if (!string.IsNullOrEmpty(Scope) && EffectiveLockName.Length > 253)
        {
            errors.Add($"{nameof(Scope)} is too long to name the lock ('{EffectiveLockName[..20]}...' has {EffectiveLockName.Length} characters, at most 253); shorten it or set {nameof(LockName)}.");
        }

        // The labels go on the lock object the elector creates: the API server would refuse any it cannot store.
        if (Labels is not { Count: > 0 } && Scope is { Length: > 63 })
        {
            errors.Add($"{nameof(Scope)} may have at most 63 characters when it is the lock's cluster-name label (set {nameof(Labels)} to label the lock otherwise); it has {Scope.Length}.");
        }

        foreach (var (key, value) in Labels ?? new Dictionary<string, string>())
        {
            if (!IsLabelKey(key) || value is null || value.Length > 63 || !LabelValue().IsMatch(value))
            {
                errors.Add($"{nameof(Labels)} must hold label keys and values (at most 63 characters, alphanumerics, '-', '_' and '.'); '{key}': '{value}' is not one.");
            }
        }

        if (!Enum.IsDefined(LockKind))
        {
            errors.Add($"{nameof(LockKind)} must be ConfigMap, Endpoints or Lease; it was {(int)LockKind}.");
        }

        if (!Enum.IsDefined(ExpiryPolicy))
        {
            errors.Add($"{nameof(ExpiryPolicy)} must be ObservedTime or RenewTime; it was {(int)ExpiryPolicy}.");
        }

        Positive(nameof(Ttl), Ttl, errors);
        Positive(nameof(LoopWait), LoopWait, errors);
        Positive(nameof(RetryTimeout), RetryTimeout, errors);
        // No lease lasts a day; a configured bare number does ("30" is thirty days to TimeSpan's parser).
        if (Ttl >= MaximumTtl)
        {
            errors.Add($"{nameof(Ttl)} must be less than a day; it was {Ttl} (in configuration a bare number is read as days: write \"00:00:30\" for 30 s).");
        }

        if (Ttl > TimeSpan.Zero && Ttl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"{nameof(Ttl)} must be a whole number of seconds (the lock stores seconds); it was {Ttl}.");
        }

        if (ClockSkewAllowance < TimeSpan.Zero)
        {
            errors.Add($"{nameof(ClockSkewAllowance)} may not be negative; it was {ClockSkewAllowance}.");
        }

        if (MaximumLagOnFailover < 0)
        {
            errors.Add($"{nameof(MaximumLagOnFailover)} may not be negative; it was {MaximumLagOnFailover}.");
        }

        if (HealthierMemberGrace is { } grace && (grace < TimeSpan.Zero || grace >= Ttl))
        {
            errors.Add($"{nameof(HealthierMemberGrace)} must be at least zero and less than {nameof(Ttl)} ({Ttl}); it was {grace}.");
        }

        if (Ttl > TimeSpan.Zero && LoopWait > TimeSpan.Zero && RetryTimeout > TimeSpan.Zero)
        {
            // The rules hold for the timings the elector will run with: with AutoAdjustTimings, the adjusted ones, so that
            // Validate() and the elector's constructor always agree.
            var (loopWait, retryTimeout) = Adjusted();
            var adjusted = loopWait != LoopWait || retryTimeout != RetryTimeout;
            if (retryTimeout <= TimeSpan.Zero)
            {
                errors.Add($"{nameof(Ttl)} must be at least 3 s for {nameof(AutoAdjustTimings)} to fit {nameof(LoopWait)} + 2 × {nameof(RetryTimeout)} (at least 1 s each) into it; it was {Ttl}.");
            }
            else if (!Fits(loopWait, retryTimeout, Ttl))
            {
                errors.Add($"{nameof(LoopWait)} + 2 × {nameof(RetryTimeout)} must not exceed {nameof(Ttl)} ({LoopWait} + 2 × {RetryTimeout} > {Ttl}); lower them, raise {nameof(Ttl)}, or set {nameof(AutoAdjustTimings)}.");
            }

            var deadline = EffectiveRenewDeadline;
            if (deadline <= loopWait || deadline >= Ttl)
            {
                var loopText = adjusted ? $"{loopWait}, as {nameof(AutoAdjustTimings)} set it" : loopWait.ToString();
                errors.Add($"{nameof(RenewDeadline)} must be greater than {nameof(LoopWait)} ({loopText}) and less than {nameof(Ttl)} ({Ttl}); it was {deadline}.");
            }
        }

        return errors;
    }

    internal void AdjustTimings() => (LoopWait, RetryTimeout) = Adjusted();

    // Patroni's adjustment of loop_wait and retry_timeout when loop_wait + 2 × retry_timeout > ttl: shorten loop_wait
    // to what is left, and when even 1 s is too much, take 1 s and share the rest out as retry_timeout. A retry
    // timeout of zero or less means the ttl is too short for any.
    private (TimeSpan LoopWait, TimeSpan RetryTimeout) Adjusted()
    {
        // Non-positive timings are errors of their own, not something to adjust (and their arithmetic could overflow).
        if (!AutoAdjustTimings || Ttl <= TimeSpan.Zero || LoopWait <= TimeSpan.Zero || RetryTimeout <= TimeSpan.Zero || Fits(LoopWait, RetryTimeout, Ttl))
        {
            return (LoopWait, RetryTimeout);
        }

        var minLoopWait = TimeSpan.FromSeconds(1);
        return Fits(minLoopWait, RetryTimeout, Ttl)
            ? (Ttl - RetryTimeout - RetryTimeout, RetryTimeout)
            : (minLoopWait, TimeSpan.FromSeconds(Math.Floor((Ttl - minLoopWait).TotalSeconds / 2)));
    }

    // loopWait + 2 × retryTimeout <= ttl, for positive values, without the sum overflowing for huge ones.
    private static bool Fits(TimeSpan loopWait, TimeSpan retryTimeout, TimeSpan ttl) =>
        loopWait <= ttl && retryTimeout.Ticks <= (ttl.Ticks - loopWait.Ticks) / 2;

    private static void Positive(string name, TimeSpan value, List<string> errors)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name} must be positive; it was {value}.");
        }
    }

    private static void Name(string name, string? value, List<string> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add($"{name} is required.");
        }
        else if (value.Length > 253 || !DnsSubdomain().IsMatch(value))
        {
            errors.Add($"{name} must be a lowercase RFC 1123 subdomain (like 'acid-minimal-cluster-0'); it was '{value}'.");
        }
    }

    private static bool IsLabelKey(string? key)
    {
        var slash = key?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        var name = slash < 0 ? key : key![(slash + 1)..];
        var prefix = slash < 0 ? null : key![..slash];
        return name is { Length: > 0 and <= 63 } && LabelValue().IsMatch(name)
            && (prefix is null || (prefix.Length is > 0 and <= 253 && DnsSubdomain().IsMatch(prefix)));
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
