using System.Diagnostics;
using System.Reflection;

namespace PgHa.Routing.Diagnostics;

/// <summary>
/// The names under which the router publishes telemetry, for OpenTelemetry's <c>AddMeter</c> and <c>AddSource</c>:
/// a <see cref="System.Diagnostics.Metrics.Meter"/> and an <see cref="System.Diagnostics.ActivitySource"/>, both named
/// <see cref="Name"/>.
/// </summary>
public static class RoutingTelemetry
{
    /// <summary>The meter's and the activity source's name: <c>PgHa.Routing</c>.</summary>
    public const string Name = "PgHa.Routing";

    /// <summary>The version reported with the activity source: the assembly's informational version.</summary>
    public static string Version { get; } =
        typeof(RoutingTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(RoutingTelemetry).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    /// <summary>
    /// The source of the route-write activities (<c>pgha.routing.create</c>, <c>pgha.routing.update</c>,
    /// <c>pgha.routing.delete</c>). When nothing listens, starting one returns null and costs next to nothing.
    /// </summary>
    internal static ActivitySource Source { get; } = new(Name, Version);
}
