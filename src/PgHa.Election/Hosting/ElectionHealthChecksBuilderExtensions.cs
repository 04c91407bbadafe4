using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PgHa.Election.Hosting;

/// <summary>Registers the elector's health check with a health checks builder (see <see cref="LeaderElectionHealthCheck"/>).</summary>
public static class ElectionHealthChecksBuilderExtensions
{
    /// <summary>The name <c>AddPgHaElection</c> registers the check under: <c>pgha-election</c>.</summary>
    public const string DefaultName = "pgha-election";

    /// <summary>The tags <c>AddPgHaElection</c> registers the check with: <c>pgha</c> and <c>election</c>.</summary>
    public static IReadOnlyList<string> DefaultTags { get; } = ["pgha", "election"];

    /// <summary>
    /// Adds a <see cref="LeaderElectionHealthCheck"/> for the registered <see cref="LeaderElector"/>. <c>AddPgHaElection</c>
    /// already adds one named <see cref="DefaultName"/>; use this (after <c>WithoutHealthCheck()</c>) for another
    /// name, tags or failure status.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">Reported when the elector is not running; null for <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">The check's tags; null for <see cref="DefaultTags"/>.</param>
    /// <param name="timeout">The check's timeout; null for none.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddPgHaElectionCheck(
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
            provider => ActivatorUtilities.GetServiceOrCreateInstance<LeaderElectionHealthCheck>(provider),
            failureStatus,
            tags ?? DefaultTags,
            timeout);
    }
}
