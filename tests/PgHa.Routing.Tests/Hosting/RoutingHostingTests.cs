using System.Diagnostics.Metrics;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PgHa.Routing.Diagnostics;
using PgHa.Routing.Hosting;
using PgHa.Routing.Tests.Support;
using PgHa.Testing;
using PgHa.Testing.Tests.Support;

namespace PgHa.Routing.Tests.Hosting;

/// <summary>AddPgHaRouting: options from configuration, validation at start, the hosted service, and the metrics.</summary>
public sealed class RoutingHostingTests
{
    [Fact]
    public async Task The_hosted_service_provisions_the_services_and_the_router_reports_switches_and_fenced_writes()
    {
        await using var server = await KubeApiServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PgHa:Routing:ClusterName"] = "acid-minimal-cluster",
            ["PgHa:Routing:Team"] = "platform",
            ["PgHa:Routing:RequestTimeout"] = "00:00:05",
        }).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IKubernetes>(_ => server.CreateClient("operator"));
        builder.Services.AddPgHaRouting(configuration.GetSection("PgHa:Routing"));
        builder.Services.AddPgHaRouting();   // registering twice adds nothing twice
        using var host = builder.Build();
        host.Services.GetServices<IHostedService>().OfType<PrimaryRoutingService>().Should().ContainSingle();
        var meters = host.Services.GetRequiredService<IMeterFactory>();
        var measurements = new List<(string Instrument, double Value)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                // Only this host's meter: routers of tests running alongside use meters of the same name.
                if (instrument.Meter.Name == "PgHa.Routing" && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => { lock (measurements) { measurements.Add((instrument.Name, value)); } });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => { lock (measurements) { measurements.Add((instrument.Name, value)); } });
        listener.Start();
        var watching = new TaskCompletionSource();
        server.RequestLog.Recorded += r =>
        {
            if (r.Client == "operator" && r.Verb == "watch" && r.Resource == "endpointslices.discovery.k8s.io")
            {
                watching.TrySetResult();
            }
        };

        await host.StartAsync();
        await watching.Task.WaitAsync(TestTimeouts.Default);
        var router = host.Services.GetRequiredService<IPrimaryRouter>();
        var zero = RouteHarness.Member(0, "10.8.112.49");
        var applied = await router.RouteAsync(zero, RouteHarness.Term(zero, 3), CancellationToken.None);
        var fenced = await router.RouteAsync(zero, RouteHarness.Term(zero, 2), CancellationToken.None);
        var selector = "kubernetes.io/service-name=acid-minimal-cluster";
        var slices = await server.Client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default", labelSelector: selector);
        await using (var watch = new WatchRecorder<V1EndpointSlice>((onError, ct) => server.Client.DiscoveryV1.WatchListNamespacedEndpointSliceAsync(
            "default", labelSelector: selector, resourceVersion: slices.ResourceVersion(), onError: onError, cancellationToken: ct)))
        {
            await server.Client.DiscoveryV1.DeleteNamespacedEndpointSliceAsync(slices.Items.Single().Name(), "default");
            await watch.WaitForAsync((type, _) => type == WatchEventType.Added);
        }

        await host.StopAsync();

        applied.Outcome.Should().Be(RouteOutcome.Applied);
        fenced.Outcome.Should().Be(RouteOutcome.Fenced);
        var master = await server.Client.CoreV1.ReadNamespacedServiceAsync("acid-minimal-cluster", "default");
        master.Metadata.Labels.Should().Contain("team", "platform");
        (await server.Client.CoreV1.ReadNamespacedServiceAsync("acid-minimal-cluster-repl", "default")).Spec.Selector.Should().NotBeEmpty();
        lock (measurements)
        {
            measurements.Should().Contain(("pgha.routing.switches", 1));
            measurements.Should().Contain(m => m.Instrument == "pgha.routing.switch.duration" && m.Value > 0 && m.Value < 5);
            measurements.Should().Contain(("pgha.routing.fenced_writes", 1));
            measurements.Should().Contain(("pgha.routing.writes", 1));
            measurements.Should().Contain(("pgha.routing.repairs", 1));
        }
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_from_starting_with_every_problem_named()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(NSubstitute.Substitute.For<IKubernetes>());
        builder.Services.AddPgHaRouting(o =>
        {
            o.ClusterName = "";
            o.Mode = (RoutingMode)7;
        });
        using var host = builder.Build();

        var failure = await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>();

        failure.Which.Failures.Should().Contain(f => f.StartsWith("ClusterName must be a DNS-1035 label", StringComparison.Ordinal))
            .And.Contain(f => f.StartsWith("Mode must be EndpointSlice or Endpoints", StringComparison.Ordinal));
    }

    [Fact]
    public void The_event_ids_are_distinct() =>
        typeof(RoutingEventIds).GetFields().Select(f => (int)f.GetValue(null)!).Should().OnlyHaveUniqueItems().And.OnlyContain(id => id >= 2000 && id < 2100);
}
