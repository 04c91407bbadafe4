namespace PgHa.Routing;

/// <summary>What a route request did.</summary>
public enum RouteOutcome
{
    /// <summary>The route already was as asked: nothing was written.</summary>
    Unchanged,

    /// <summary>The route was written.</summary>
    Applied,

    /// <summary>Refused: the live route was written under a newer term.</summary>
    Fenced,

    /// <summary>Someone else wrote meanwhile (409); ask again with the new state.</summary>
    Conflict,

    /// <summary>The API failed; the route may be partly written. Ask again.</summary>
    Failed,
}
