namespace PgHa.Operator;

/// <summary>A cluster's route was written and now leads somewhere else (or nowhere, or back where it belongs).</summary>
public sealed class RouteChangedEventArgs : EventArgs
{
    /// <summary>Creates the event's arguments.</summary>
    /// <param name="namespace">The cluster's namespace.</param>
    /// <param name="cluster">The cluster's name.</param>
    /// <param name="leader">The member the route leads to; null when it leads nowhere.</param>
    /// <param name="term">The lock's transitions the route was written under.</param>
    /// <param name="reason">Why: <c>acquired</c>, <c>released</c>, <c>expired</c> or <c>repaired</c>.</param>
    /// <param name="timestamp">When the write was acknowledged, as <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>.</param>
    public RouteChangedEventArgs(string @namespace, string cluster, string? leader, long term, string reason, long timestamp)
    {
        Namespace = @namespace;
        Cluster = cluster;
        Leader = leader;
        Term = term;
        Reason = reason;
        Timestamp = timestamp;
    }

    /// <summary>The cluster's namespace.</summary>
    public string Namespace { get; }

    /// <summary>The cluster's name.</summary>
    public string Cluster { get; }

    /// <summary>The member the route leads to; null when it leads nowhere (no leader, lock expired, member gone).</summary>
    public string? Leader { get; }

    /// <summary>The lock's transitions the route was written under.</summary>
    public long Term { get; }

    /// <summary><c>acquired</c> (a new leader), <c>released</c>, <c>expired</c>, or <c>repaired</c> (a drifted route put back).</summary>
    public string Reason { get; }

    /// <summary>When the write was acknowledged, as <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>.</summary>
    public long Timestamp { get; }
}
