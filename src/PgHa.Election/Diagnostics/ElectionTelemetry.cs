using System.Diagnostics;
using System.Reflection;

namespace PgHa.Election.Diagnostics;

/// <summary>
/// The names under which the elector publishes telemetry, for OpenTelemetry's <c>AddMeter</c> and <c>AddSource</c>:
/// a <see cref="System.Diagnostics.Metrics.Meter"/> and an <see cref="System.Diagnostics.ActivitySource"/>, both named
/// <see cref="Name"/>.
/// </summary>
public static class ElectionTelemetry
{
    /// <summary>The meter's and the activity source's name: <c>PgHa.Election</c>.</summary>
    public const string Name = "PgHa.Election";

    /// <summary>The version reported with the activity source: the assembly's informational version.</summary>
    public static string Version { get; } =
        typeof(ElectionTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ElectionTelemetry).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    /// <summary>
    /// The source of the lock-write activities (<c>pgha.election.acquire</c>, <c>pgha.election.renew</c>,
    /// <c>pgha.election.release</c>). Static, as activity sources usually are: when nothing listens,
    /// <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null and costs next to nothing.
    /// </summary>
    internal static ActivitySource Source { get; } = new(Name, Version);
}
