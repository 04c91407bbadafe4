using System.Diagnostics.Metrics;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
    /// registration; uses <see cref="TimeProvider"/> and <see cref="IMeterFactory"/> when registered.
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

    /// <summary>Registers PgHa primary routing with options bound from a configuration section (e.g. <c>PgHa:Routing</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding <see cref="PrimaryRouterOptions"/>' properties.</param>
    /// <returns>The options builder.</returns>
    public static OptionsBuilder<PrimaryRouterOptions> AddPgHaRouting(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddPgHaRouting().Bind(configuration);
    }
}
