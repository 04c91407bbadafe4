using System.Net;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using PgHa.Election;
using PgHa.Election.Hosting;
using PgHa.Routing.Hosting;
using PgHa.Testing;
using PgHa.Testing.Tests.Support;

namespace PgHa.Routing.Tests.Hosting;

// The code of docs/getting-started.md, compiled and run here so that the page cannot go stale.
// ---- docs/getting-started.md: begin ----

/// <summary>Registers the elector and the router, and routes the master Service to this member while it leads.</summary>
public static class PostgresHaRegistration
{
    public static IServiceCollection AddPostgresHa(this IServiceCollection services, IConfiguration configuration, PrimaryTarget self)
    {
        services.AddPgHaElection(configuration.GetSection("PgHa:Election"));   // + health check "pgha-election"
        services.AddPgHaRouting(configuration.GetSection("PgHa:Routing"));     // + health check "pgha-routing"
        services.AddSingleton(self);
        services.AddHostedService<RouteWhileLeading>();
        return services;
    }
}

/// <summary>Points the master Service at this member under its term when it becomes the leader.</summary>
public sealed class RouteWhileLeading(ILeaderElector elector, IPrimaryRouter router, PrimaryTarget self) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        elector.LeadershipStarted += OnLeadershipStarted;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        elector.LeadershipStarted -= OnLeadershipStarted;
        return Task.CompletedTask;
    }

    private async void OnLeadershipStarted(object? sender, LeadershipStartedEventArgs e)
    {
        try
        {
            // The term fences the route: a deposed leader's late request cannot move clients back to it.
            var term = new RouteTerm(e.Term.Holder, e.Term.Transitions);
            await router.RouteAsync(self, term, e.LeadershipToken);
        }
        catch (OperationCanceledException)
        {
            // Leadership ended while routing: the next leader routes.
        }
    }
}

// ---- docs/getting-started.md: end ----

/// <summary>Runs the getting-started example against the embedded API server.</summary>
public sealed class GettingStartedExampleTests
{
    [Fact]
    public async Task The_example_elects_routes_to_the_leader_and_reports_healthy()
    {
        await using var server = await KubeApiServer.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PgHa:Election:Scope"] = "acid-minimal-cluster",
            ["PgHa:Election:Identity"] = "acid-minimal-cluster-0",
            ["PgHa:Election:LockKind"] = "Lease",
            ["PgHa:Election:Ttl"] = "00:00:30",
            ["PgHa:Election:LoopWait"] = "00:00:10",
            ["PgHa:Election:RetryTimeout"] = "00:00:10",
            ["PgHa:Routing:ClusterName"] = "acid-minimal-cluster",
            ["PgHa:Routing:Team"] = "acid",
        });
        builder.Services.AddSingleton<IKubernetes>(_ => server.CreateClient("acid-minimal-cluster-0"));
        builder.Services.AddPostgresHa(builder.Configuration, new PrimaryTarget("acid-minimal-cluster-0", "default", IPAddress.Parse("10.8.112.49")));
        using var host = builder.Build();

        await host.StartAsync();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        var timeout = TestTimeouts.Token();
        HealthReport report;
        while (true)
        {
            report = await health.CheckHealthAsync(timeout);
            if (report.Status == HealthStatus.Healthy && report.Entries["pgha-routing"].Data["route_state"] as string == "Converged")
            {
                break;
            }

            await Task.Delay(50, timeout);
        }

        var slices = await server.Client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default", labelSelector: "kubernetes.io/service-name=acid-minimal-cluster");
        await host.StopAsync();

        report.Entries.Keys.Should().BeEquivalentTo("pgha-election", "pgha-routing");
        slices.Items.Should().ContainSingle().Which.Endpoints.Should().ContainSingle()
            .Which.Addresses.Should().Equal("10.8.112.49");
        slices.Items[0].Annotations().Should().Contain("pgha.io/route-term", "0/acid-minimal-cluster-0");
    }
}
