using System.Diagnostics.Metrics;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PgHa.Routing.Routers;

namespace PgHa.Routing.Hosting;

/// <summary>Registers PgHa primary routing with a host.</summary>
public static class RoutingServiceCollectionExtensions
{
    /// <summary>
    /// Registers a <see cref="ServiceProvisioner"/> (as <see cref="IServiceProvisioner"/>), a <see cref="PrimaryRouter"/>
    /// (as itself and as <see cref="IPrimaryRouter"/>) and a hosted service that ensures the Services and runs the
    /// router's drift repair. The options are validated when the host starts. Requires an <see cref="IKubernetes"/>
    /// registration; uses <see cref="TimeProvider"/> and <see cref="IMeterFactory"/> when registered. Also adds a health
    /// check named <c>pgha-routing</c> (tags <c>pgha</c>, <c>routing</c>; see <see cref="PrimaryRoutingHealthCheck"/>),
    /// once; <see cref="WithoutHealthCheck"/> removes it.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The options builder, to configure, bind configuration or add validation.</returns>
    public static OptionsBuilder<PrimaryRouterOptions> AddPgHaRouting(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<PrimaryRouterOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PrimaryRouterOptions>, PrimaryRouterOptionsValidator>());
        services.TryAddSingleton<IServiceProvisioner>(provider => new ServiceProvisioner(
            provider.GetRequiredService<IKubernetes>(),
            provider.GetRequiredService<IOptions<PrimaryRouterOptions>>().Value,
            provider.GetService<ILogger<ServiceProvisioner>>()));
        services.TryAddSingleton(provider => new PrimaryRouter(
            provider.GetRequiredService<IKubernetes>(),
            provider.GetRequiredService<IOptions<PrimaryRouterOptions>>().Value,
            provider.GetRequiredService<IServiceProvisioner>(),
            provider.GetService<ILogger<PrimaryRouter>>(),
            provider.GetService<TimeProvider>(),
            provider.GetService<IMeterFactory>()));
        services.TryAddSingleton<IPrimaryRouter>(provider => provider.GetRequiredService<PrimaryRouter>());
        services.AddHostedService<PrimaryRoutingService>();
        if (!services.Any(d => d.ServiceType == typeof(DefaultHealthCheck)))
        {
            var check = new DefaultHealthCheck(RoutingHealthChecksBuilderExtensions.Registration(RoutingHealthChecksBuilderExtensions.DefaultName, null, null, null));
            services.AddSingleton(check);
            services.AddHealthChecks().Add(check.Registration);
        }

        return builder;
    }

    /// <summary>
    /// Removes the health check <see cref="AddPgHaRouting(IServiceCollection)"/> registered (<c>pgha-routing</c>), for
    /// hosts that want none or register their own with <see cref="RoutingHealthChecksBuilderExtensions.AddPgHaRoutingCheck"/>.
    /// </summary>
    /// <param name="builder">The options builder <c>AddPgHaRouting</c> returned.</param>
    /// <returns>The options builder.</returns>
    public static OptionsBuilder<PrimaryRouterOptions> WithoutHealthCheck(this OptionsBuilder<PrimaryRouterOptions> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.FirstOrDefault(d => d.ServiceType == typeof(DefaultHealthCheck))?.ImplementationInstance is DefaultHealthCheck { Removed: false } check)
        {
            check.Removed = true;
            builder.Services.Configure<HealthCheckServiceOptions>(o => o.Registrations.Remove(check.Registration));
        }

        return builder;
    }

    /// <summary>Registers PgHa primary routing with options set in code (see <see cref="AddPgHaRouting(IServiceCollection)"/>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder.</returns>
    public static OptionsBuilder<PrimaryRouterOptions> AddPgHaRouting(this IServiceCollection services, Action<PrimaryRouterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddPgHaRouting().Configure(configure);
    }

    /// <summary>
    /// Registers PgHa primary routing with options bound from a configuration section (e.g. <c>PgHa:Routing</c>).
    /// Configured <c>Ports</c> replace the default port rather than add to it.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding <see cref="PrimaryRouterOptions"/>' properties.</param>
    /// <returns>The options builder.</returns>
    public static OptionsBuilder<PrimaryRouterOptions> AddPgHaRouting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // The binder adds a configured list's items to the list already there: without this, configured Ports would
        // come after the default postgresql port instead of replacing it (and a configured postgresql port would be
        // reported as used twice).
        return services.AddPgHaRouting()
            .Configure(options =>
            {
                if (configuration.GetSection(nameof(PrimaryRouterOptions.Ports)).GetChildren().Any())
                {
                    options.Ports = [];
                }
            })
            .Bind(configuration);
    }

    // Marks the health check AddPgHaRouting added (once per service collection), so WithoutHealthCheck removes that one only.
    private sealed class DefaultHealthCheck(HealthCheckRegistration registration)
    {
        public HealthCheckRegistration Registration { get; } = registration;

        public bool Removed { get; set; }
    }
}
