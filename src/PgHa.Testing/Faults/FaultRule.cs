namespace PgHa.Testing.Faults;

/// <summary>
/// A fault to inject into matching requests. Every selector left null matches anything. A rule can add
/// latency, answer with an error status (before the request is handled, or after a write has been
/// committed, so the client sees a failure for a write that happened), or both.
/// </summary>
public sealed record FaultRule
{
    /// <summary>Client identity to hit (see <see cref="Diagnostics.RequestRecord.Client"/>), or null for every client.</summary>
    public string? Client { get; init; }

    /// <summary>Verb to hit (<c>get</c>, <c>list</c>, <c>watch</c>, <c>create</c>, <c>update</c>, <c>patch</c>, <c>delete</c>, ...), or null for all.</summary>
    public string? Verb { get; init; }

    /// <summary>Resource to hit, as <c>plural</c> (<c>endpoints</c>) or <c>plural.group</c> (<c>leases.coordination.k8s.io</c>), or null for all.</summary>
    public string? Resource { get; init; }

    /// <summary>Namespace to hit, or null for all.</summary>
    public string? Namespace { get; init; }

    /// <summary>Object name to hit, or null for all.</summary>
    public string? Name { get; init; }

    /// <summary>Chance in [0, 1] that a matching request is hit, drawn from the server's seeded random source. The default is 1.</summary>
    public double Probability { get; init; } = 1.0;

    /// <summary>Latency added before the request is handled. The default is none.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Extra latency drawn uniformly from [0, this] on top of <see cref="Latency"/>. The default is none.</summary>
    public TimeSpan LatencyJitter { get; init; }

    /// <summary>Status code to answer with (429, 500, 503, 504, 409, 410, ...), or null to only add latency.</summary>
    public int? StatusCode { get; init; }

    /// <summary>
    /// When true the request is handled first and the error replaces its successful answer (the write is
    /// committed, the client is told it failed: the "lost response" case). The default is false: the
    /// error is answered instead of handling the request.
    /// </summary>
    public bool AfterHandling { get; init; }

    /// <summary>How many times the rule may fire before it retires itself, or null for no limit.</summary>
    public int? MaxCount { get; init; }
}
