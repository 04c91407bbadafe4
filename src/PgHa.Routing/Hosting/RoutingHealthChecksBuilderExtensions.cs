using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PgHa.Routing.Hosting;

/// <summary>Registers the router's health check with a health checks builder (see <see cref="PrimaryRoutingHealthCheck"/>).</summary>
public static class RoutingHealthChecksBuilderExtensions
{
    /// <summary>The name <c>AddPgHaRouting</c> registers the check under: <c>pgha-routing</c>.</summary>
    public const string DefaultName = "pgha-routing";

    /// <summary>The tags <c>AddPgHaRouting</c> registers the check with: <c>pgha</c> and <c>routing</c>.</summary>
    public static IReadOnlyList<string> DefaultTags { get; } = ["pgha", "routing"];

    /// <summary>
    /// Adds a <see cref="PrimaryRoutingHealthCheck"/> for the registered <see cref="PrimaryRouter"/>. <c>AddPgHaRouting</c>
    /// already adds one named <see cref="DefaultName"/>; use this (after <c>WithoutHealthCheck()</c>) for another name,
    /// tags or failure status.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">Reported when the router stopped or faulted; null for <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">The check's tags; null for <see cref="DefaultTags"/>.</param>
    /// <param name="timeout">The check's timeout; null for none.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddPgHaRoutingCheck(
        this IHealthChecksBuilder builder,
        string name = DefaultName,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(Registration(name, failureStatus, tags, timeout));
    }

    internal static HealthCheckRegistration Registration(string name, HealthStatus? failureStatus, IEnumerable<string>? tags, TimeSpan? timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new HealthCheckRegistration(
            name,
            provider => ActivatorUtilities.GetServiceOrCreateInstance<PrimaryRoutingHealthCheck>(provider),
            failureStatus,
            tags ?? DefaultTags,
            timeout);
    }
}
