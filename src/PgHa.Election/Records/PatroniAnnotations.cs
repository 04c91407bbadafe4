namespace PgHa.Election.Records;

/// <summary>The annotation keys of Patroni's leader lock, as Patroni 3 writes them on the <c>&lt;scope&gt;</c> Endpoints or the <c>&lt;scope&gt;-leader</c> ConfigMap.</summary>
public static class PatroniAnnotations
{
    /// <summary><c>leader</c>: the holder's member name; absent (or empty) when the lock is free.</summary>
    public const string Leader = "leader";

    /// <summary><c>acquireTime</c>: when the current holder took the lock (ISO-8601, <c>+00:00</c>).</summary>
    public const string AcquireTime = "acquireTime";

    /// <summary><c>renewTime</c>: when the holder last renewed (ISO-8601, <c>+00:00</c>).</summary>
    public const string RenewTime = "renewTime";

    /// <summary><c>transitions</c>: how many times the holder changed, a decimal string; the term.</summary>
    public const string Transitions = "transitions";

    /// <summary><c>ttl</c>: the lease duration in whole seconds, a decimal string.</summary>
    public const string Ttl = "ttl";

    /// <summary><c>optime</c>: the leader's last WAL position as a decimal byte count.</summary>
    public const string Optime = "optime";

    /// <summary>The keys whose change means the lock was written by its holder (Patroni's observed record; <c>optime</c> is not one).</summary>
    public static IReadOnlyList<string> ObservedKeys { get; } = [Leader, AcquireTime, Ttl, RenewTime, Transitions];
}
