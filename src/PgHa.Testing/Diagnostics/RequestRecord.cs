namespace PgHa.Testing.Diagnostics;

/// <summary>One request the server answered (or, for a watch, opened), as kept in the <see cref="RequestLog"/>.</summary>
/// <param name="Timestamp">When the request arrived (server's <see cref="TimeProvider"/>).</param>
/// <param name="Client">The client identity: the user a bearer token maps to, else the User-Agent, else <c>anonymous</c>.</param>
/// <param name="Verb">Kubernetes verb: <c>get</c>, <c>list</c>, <c>watch</c>, <c>create</c>, <c>update</c>, <c>patch</c>, <c>delete</c>, <c>deletecollection</c>; or <c>discovery</c>, <c>openapi</c>, <c>other</c> for non-resource paths.</param>
/// <param name="Resource">The resource as <c>plural</c> or <c>plural.group</c>; null for non-resource paths.</param>
/// <param name="Namespace">The request's namespace, if any.</param>
/// <param name="Name">The object name, if the request names one.</param>
/// <param name="Subresource">The subresource (<c>status</c>), if any.</param>
/// <param name="StatusCode">The HTTP status answered (for a watch, the status of its opening).</param>
/// <param name="Latency">Time from arrival to the response (for a watch, to its first byte).</param>
/// <param name="Injected">True when a fault rule decided the outcome or added latency.</param>
public sealed record RequestRecord(
    DateTimeOffset Timestamp,
    string Client,
    string Verb,
    string? Resource,
    string? Namespace,
    string? Name,
    string? Subresource,
    int StatusCode,
    TimeSpan Latency,
    bool Injected)
{
    /// <summary>The user the request was authenticated as (<c>system:serviceaccount:ns:name</c> for a service account client); null without a token the server issued.</summary>
    public string? User { get; init; }
}
