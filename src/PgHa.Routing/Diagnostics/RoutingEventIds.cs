namespace PgHa.Routing.Diagnostics;

/// <summary>The event ids of PgHa.Routing's log messages (2000-2099), for filtering and alerting.</summary>
public static class RoutingEventIds
{
    /// <summary>The master Service now leads to another primary (or to none).</summary>
    public const int RouteSwitched = 2001;

    /// <summary>A route write was refused: the live route was written under a newer term.</summary>
    public const int Fenced = 2002;

    /// <summary>The live route had drifted from the desired one and is being put back.</summary>
    public const int Repairing = 2003;

    /// <summary>A write lost a compare-and-swap race; the route is read again.</summary>
    public const int LostRace = 2004;

    /// <summary>A route write failed (API error or timeout).</summary>
    public const int WriteFailed = 2005;

    /// <summary>A watch of the Service or its route failed and is restarted.</summary>
    public const int WatchFailed = 2006;

    /// <summary>A Service was created.</summary>
    public const int ServiceCreated = 2007;

    /// <summary>An existing Service was adopted (labels added where missing).</summary>
    public const int ServiceAdopted = 2008;

    /// <summary>A Service does not have the shape the route needs (e.g. the master Service has a selector); it is left as it is.</summary>
    public const int ServiceMisconfigured = 2009;

    /// <summary>Another controller manages a slice of the master Service; its endpoints are served next to the route.</summary>
    public const int ForeignSlice = 2010;

    /// <summary>The master Service is missing, so the route cannot be written.</summary>
    public const int ServiceMissing = 2011;

    /// <summary>Route details written without moving the route (term, labels, ports).</summary>
    public const int RouteUpdated = 2012;
}
