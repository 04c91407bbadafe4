namespace PgHa.Election;

/// <summary>How a candidate decides that the holder's lease has expired.</summary>
public enum ExpiryPolicyKind
{
    /// <summary>By its own monotonic clock, from when it last saw the lock change (Patroni's and client-go's rule). The default.</summary>
    ObservedTime,

    /// <summary>By the wall clock against the record's <c>renewTime</c>, plus a clock-skew allowance (the seed article's rule; needs synchronised clocks).</summary>
    RenewTime,
}
