using System.Diagnostics.Metrics;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PgHa.Election.Eligibility;
using PgHa.Election.Stores;

namespace PgHa.Election.Hosting;

/// <summary>Registers PgHa leader election with a host.</summary>
public static class ElectionServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="LeaderElector"/> (as itself and as <see cref="ILeaderElector"/>) and a hosted service
    /// that runs it. The options are validated when the host starts. Requires an <see cref="IKubernetes"/>
    /// registration; uses <see cref="IFailoverEligibility"/>, <see cref="IMemberDirectory"/>,
    /// <see cref="IEndpointsWriteContributor"/>, <see cref="TimeProvider"/> and <see cref="IMeterFactory"/> when registered.
    /// Also adds a health check named <c>pgha-election</c> (tags <c>pgha</c>, <c>election</c>; see
    /// <see cref="LeaderElectionHealthCheck"/>), once; <see cref="WithoutHealthCheck"/> removes it.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The options builder, to configure, bind configuration or add validation.</returns>
    public static OptionsBuilder<LeaderElectorOptions> AddPgHaElection(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<LeaderElectorOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LeaderElectorOptions>, LeaderElectorOptionsValidator>());
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<LeaderElectorOptions>>().Value;
            var store = LockStores.Create(provider.GetRequiredService<IKubernetes>(), options, provider.GetService<IEndpointsWriteContributor>());
            return new LeaderElector(
                options,
                store,
                provider.GetService<TimeProvider>(),
                provider.GetService<ILogger<LeaderElector>>(),
                provider.GetService<IFailoverEligibility>(),
                provider.GetService<IMemberDirectory>(),
                meterFactory: provider.GetService<IMeterFactory>());
        });
        services.TryAddSingleton<ILeaderElector>(provider => provider.GetRequiredService<LeaderElector>());
        services.AddHostedService<LeaderElectionService>();
        if (!services.Any(d => d.ServiceType == typeof(DefaultHealthCheck)))
        {
            var check = new DefaultHealthCheck(ElectionHealthChecksBuilderExtensions.Registration(ElectionHealthChecksBuilderExtensions.DefaultName, null, null, null));
            services.AddSingleton(check);
            services.AddHealthChecks().Add(check.Registration);
        }

        return builder;
    }

    /// <summary>
    /// Removes the health check <see cref="AddPgHaElection(IServiceCollection)"/> registered (<c>pgha-election</c>), for
    /// hosts that want none or register their own with <see cref="ElectionHealthChecksBuilderExtensions.AddPgHaElectionCheck"/>.
    /// </summary>
    /// <param name="builder">The options builder <c>AddPgHaElection</c> returned.</param>
    /// <returns>The options builder.</returns>
    public static OptionsBuilder<LeaderElectorOptions> WithoutHealthCheck(this OptionsBuilder<LeaderElectorOptions> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.FirstOrDefault(d => d.ServiceType == typeof(DefaultHealthCheck))?.ImplementationInstance is DefaultHealthCheck { Removed: false } check)
        {
            check.Removed = true;
            builder.Services.Configure<HealthCheckServiceOptions>(o => o.Registrations.Remove(check.Registration));
        }

        return builder;
    }

    /// <summary>Registers PgHa leader election with options set in code (see <see cref="AddPgHaElection(IServiceCollection)"/>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder.</returns>
    public static OptionsBuilder<LeaderElectorOptions> AddPgHaElection(this IServiceCollection services, Action<LeaderElectorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddPgHaElection().Configure(configure);
    }

    /// <summary>Registers PgHa leader election with options bound from a configuration section (e.g. <c>PgHa:Election</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding <see cref="LeaderElectorOptions"/>' properties.</param>
    /// <returns>The options builder.</returns>
    public static OptionsBuilder<LeaderElectorOptions> AddPgHaElection(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddPgHaElection().Bind(configuration);
    }

    // Marks the health check AddPgHaElection added (once per service collection), so WithoutHealthCheck removes that one only.
    private sealed class DefaultHealthCheck(HealthCheckRegistration registration)
    {
        public HealthCheckRegistration Registration { get; } = registration;

        public bool Removed { get; set; }
    }
}
