namespace PgHa.Routing;

/// <summary>The result of a route request: the outcome, how many writes it took, and why it was refused or failed.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Writes">The API writes made (creates, replaces, deletes).</param>
/// <param name="Detail">Why it was fenced or failed, for logs.</param>
/// <param name="Error">The API error, for <see cref="RouteOutcome.Failed"/>.</param>
public sealed record RouteResult(RouteOutcome Outcome, int Writes = 0, string? Detail = null, Exception? Error = null);
