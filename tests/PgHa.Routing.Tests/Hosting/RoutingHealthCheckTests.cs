using System.Collections.Concurrent;
using System.Diagnostics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PgHa.Routing.Diagnostics;
using PgHa.Routing.Hosting;
using PgHa.Routing.Tests.Support;
using PgHa.Testing;
using PgHa.Testing.Faults;
using PgHa.Testing.Tests.Support;

namespace PgHa.Routing.Tests.Hosting;

/// <summary>The <c>pgha-routing</c> health check AddPgHaRouting registers, and the <c>PgHa.Routing</c> activity source.</summary>
public sealed class RoutingHealthCheckTests
{
    private const string SliceResource = "endpointslices.discovery.k8s.io";

    [Fact]
    public async Task Healthy_when_the_route_is_as_asked_degraded_while_writes_fail_or_the_API_is_cut_off_unhealthy_when_stopped()
    {
        await using var server = await KubeApiServer.StartAsync();
        using var host = RouterHost(server, "health-r", "operator-h");
        await host.StartAsync();
        var router = host.Services.GetRequiredService<PrimaryRouter>();

        var idle = await WaitForAsync(host, e => e.Status == HealthStatus.Healthy);
        idle.Description.Should().Contain("No route was asked for");

        var zero = RouteHarness.Member(0, "10.8.112.49");
        (await router.RouteAsync(zero, RouteHarness.Term(zero, 3), TestTimeouts.Token())).Outcome.Should().Be(RouteOutcome.Applied);
        var routed = await CheckAsync(host);
        routed.Status.Should().Be(HealthStatus.Healthy);
        routed.Description.Should().Contain("leads to acid-minimal-cluster-0");
        routed.Data["route_state"].Should().Be("Converged");
        routed.Data["term"].Should().Be("3/acid-minimal-cluster-0");

        // Someone deletes the route while the router's writes fail: the route has drifted and the repair keeps failing.
        server.Faults.Add(new FaultRule { Client = "operator-h", Verb = "create", Resource = SliceResource, StatusCode = 500 });
        var slice = (await server.Client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default", labelSelector: "kubernetes.io/service-name=health-r")).Items.Single();
        await server.Client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(slice.Name(), "default");
        var failing = await WaitForAsync(host, e => e.Status == HealthStatus.Degraded && (int)e.Data["consecutive_failures"] > 0);
        failing.Description.Should().Contain("are failing");
        failing.Data["route_state"].Should().Be("Drifted");
        router.GetStatus().Route.Should().Be(RouteState.Drifted);

        server.Faults.Clear();
        var repaired = await WaitForAsync(host, e => e.Status == HealthStatus.Healthy);
        repaired.Data["route_state"].Should().Be("Converged");

        // Cut off from the API: the watches break, and the router can no longer tell whether the route holds.
        server.Faults.Partition("operator-h", PartitionMode.Fail);
        var partitioned = await WaitForAsync(host, e => e.Status == HealthStatus.Degraded);
        partitioned.Description.Should().Contain("not watching");
        server.Faults.Heal("operator-h");
        await WaitForAsync(host, e => e.Status == HealthStatus.Healthy);

        await host.StopAsync();
        var stopped = await CheckAsync(host);
        stopped.Status.Should().Be(HealthStatus.Unhealthy);
        stopped.Description.Should().Contain("not running (stopped)");
    }

    [Fact]
    public void The_check_is_registered_once_by_default_and_can_be_replaced_by_ones_own()
    {
        var services = new ServiceCollection();
        services.AddPgHaRouting(o => o.ClusterName = "c");
        services.AddPgHaRouting();
        using (var provider = services.BuildServiceProvider())
        {
            var registration = provider.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Should().ContainSingle().Which;
            registration.Name.Should().Be("pgha-routing");
            registration.Tags.Should().BeEquivalentTo("pgha", "routing");
        }

        var own = new ServiceCollection();
        own.AddPgHaRouting(o => o.ClusterName = "c").WithoutHealthCheck();
        own.AddHealthChecks().AddPgHaRoutingCheck("primary-route", HealthStatus.Degraded, ["ready"]);
        using var replaced = own.BuildServiceProvider();
        var mine = replaced.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations.Should().ContainSingle().Which;
        mine.Name.Should().Be("primary-route");
        mine.FailureStatus.Should().Be(HealthStatus.Degraded);
        mine.Tags.Should().BeEquivalentTo("ready");
    }

    [Fact]
    public async Task Route_writes_are_traced_with_the_service_the_target_the_term_and_the_outcome()
    {
        await using var server = await KubeApiServer.StartAsync();
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RoutingTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,

            // Routers of tests running alongside use the same static source: keep this test's Service only.
            ActivityStopped = a =>
            {
                if (a.GetTagItem("pgha.service") as string == "traced-r")
                {
                    activities.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var host = RouterHost(server, "traced-r", "operator-t");
        await host.StartAsync();
        var router = host.Services.GetRequiredService<PrimaryRouter>();
        await WaitForAsync(host, e => e.Status == HealthStatus.Healthy);
        var zero = RouteHarness.Member(0, "10.8.112.49");
        var one = RouteHarness.Member(1, "10.8.112.50");

        (await router.RouteAsync(zero, RouteHarness.Term(zero, 3), TestTimeouts.Token())).Outcome.Should().Be(RouteOutcome.Applied);
        server.Faults.Add(new FaultRule { Client = "operator-t", Verb = "update", Resource = SliceResource, StatusCode = 409, MaxCount = 1 });
        (await router.RouteAsync(one, RouteHarness.Term(one, 4), TestTimeouts.Token())).Outcome.Should().Be(RouteOutcome.Applied);
        server.Faults.Add(new FaultRule { Client = "operator-t", Verb = "update", Resource = SliceResource, StatusCode = 500, MaxCount = 1 });
        (await router.RouteAsync(zero, RouteHarness.Term(zero, 5), TestTimeouts.Token())).Outcome.Should().Be(RouteOutcome.Failed);
        await host.StopAsync();

        var create = activities.Should().ContainSingle(a => a.OperationName == "pgha.routing.create").Which;
        create.Source.Version.Should().Be(RoutingTelemetry.Version).And.NotBeNullOrEmpty();
        create.TagObjects.Should().Contain(new KeyValuePair<string, object?>("pgha.namespace", "default"))
            .And.Contain(new KeyValuePair<string, object?>("pgha.route.kind", "EndpointSlice"))
            .And.Contain(new KeyValuePair<string, object?>("pgha.target", "acid-minimal-cluster-0"))
            .And.Contain(new KeyValuePair<string, object?>("pgha.term", 3L))
            .And.Contain(new KeyValuePair<string, object?>("pgha.term.holder", "acid-minimal-cluster-0"))
            .And.Contain(new KeyValuePair<string, object?>("pgha.outcome", "ok"));
        var updates = activities.Where(a => a.OperationName == "pgha.routing.update").ToList();
        updates.Select(a => a.GetTagItem("pgha.outcome")).Should().Equal("conflict", "ok", "error");
        updates[1].GetTagItem("pgha.target").Should().Be("acid-minimal-cluster-1");
        updates[2].Status.Should().Be(ActivityStatusCode.Error);
        updates[2].GetTagItem("error.type").Should().NotBeNull();
    }

    private static IHost RouterHost(KubeApiServer server, string cluster, string client)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IKubernetes>(_ => server.CreateClient(client));
        builder.Services.AddPgHaRouting(o => o.ClusterName = cluster);
        return builder.Build();
    }

    private static async Task<HealthReportEntry> CheckAsync(IHost host)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries[RoutingHealthChecksBuilderExtensions.DefaultName];
    }

    private static async Task<HealthReportEntry> WaitForAsync(IHost host, Func<HealthReportEntry, bool> condition)
    {
        var timeout = TestTimeouts.Token();
        while (true)
        {
            var entry = await CheckAsync(host);
            if (condition(entry))
            {
                return entry;
            }

            timeout.ThrowIfCancellationRequested();
            await Task.Delay(50, timeout);
        }
    }
}
