using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PgHa.Election.Diagnostics;
using PgHa.Election.Hosting;
using PgHa.Testing;
using PgHa.Testing.Faults;

namespace PgHa.Election.Tests.Hosting;

/// <summary>The <c>PgHa.Election</c> activity source and meter, as an OpenTelemetry SDK would see them.</summary>
public sealed class ElectionTelemetryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Lock_writes_are_traced_with_the_lock_the_holder_the_term_and_the_outcome()
    {
        await using var server = await KubeApiServer.StartAsync();
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "PgHa.Election",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,

            // Tests running alongside use the same static source: keep this test's scope only.
            ActivityStopped = a =>
            {
                if (a.GetTagItem("pgha.scope") as string == "traced")
                {
                    activities.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IKubernetes>(_ => server.CreateClient("traced-0"));
        builder.Services.AddPgHaElection(o => ElectionHealthCheckTests.Configure(o, "traced", "traced-0"));
        using var host = builder.Build();

        await host.StartAsync();
        await Until(() => activities.Any(a => a.OperationName == "pgha.election.renew"));

        // One renew answered 409 (someone else wrote), one answered 500.
        server.Faults.Add(new FaultRule { Client = "traced-0", Verb = "patch", Resource = "leases.coordination.k8s.io", StatusCode = 409, MaxCount = 1 });
        await Until(() => activities.Any(a => a.GetTagItem("pgha.outcome") as string == "conflict"));
        server.Faults.Add(new FaultRule { Client = "traced-0", Verb = "patch", Resource = "leases.coordination.k8s.io", StatusCode = 500, MaxCount = 1 });
        await Until(() => activities.Any(a => a.GetTagItem("pgha.outcome") as string == "error"));
        await host.StopAsync();

        var acquire = activities.Should().Contain(a => a.OperationName == "pgha.election.acquire").Which;
        acquire.Source.Version.Should().Be(ElectionTelemetry.Version).And.NotBeNullOrEmpty();
        acquire.Kind.Should().Be(ActivityKind.Client);
        acquire.TagObjects.Should().Contain(new KeyValuePair<string, object?>("pgha.lock.kind", "Lease"))
            .And.Contain(new KeyValuePair<string, object?>("pgha.lock.namespace", "default"))
            .And.Contain(new KeyValuePair<string, object?>("pgha.lock.name", "traced-leader"))
            .And.Contain(new KeyValuePair<string, object?>("pgha.lock.holder", "traced-0"))
            .And.Contain(new KeyValuePair<string, object?>("pgha.term", 0L))
            .And.Contain(new KeyValuePair<string, object?>("pgha.outcome", "ok"));
        activities.Should().Contain(a => a.OperationName == "pgha.election.renew" && a.GetTagItem("pgha.outcome") as string == "ok");
        var conflict = activities.Single(a => a.GetTagItem("pgha.outcome") as string == "conflict");
        conflict.OperationName.Should().Be("pgha.election.renew");
        var error = activities.Single(a => a.GetTagItem("pgha.outcome") as string == "error");
        error.Status.Should().Be(ActivityStatusCode.Error);
        error.GetTagItem("error.type").Should().NotBeNull();
        activities.Should().Contain(a => a.OperationName == "pgha.election.release" && a.GetTagItem("pgha.outcome") as string == "ok", "stopping the host released the lock");
    }

    [Fact]
    public async Task The_meter_is_named_PgHa_Election_and_created_by_the_host_s_meter_factory()
    {
        await using var server = await KubeApiServer.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IKubernetes>(_ => server.CreateClient("metered-0"));
        builder.Services.AddPgHaElection(o => ElectionHealthCheckTests.Configure(o, "metered", "metered-0"));
        using var host = builder.Build();
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var instruments = new ConcurrentDictionary<string, Meter>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    instruments[instrument.Name] = instrument.Meter;
                }
            },
        };
        listener.Start();

        host.Services.GetRequiredService<LeaderElector>();

        instruments.Keys.Should().BeEquivalentTo(
            "pgha.election.is_leader", "pgha.election.transitions", "pgha.election.acquire_attempts", "pgha.election.renew.duration", "pgha.election.step_downs");
        instruments.Values.Should().OnlyContain(m => m.Name == ElectionTelemetry.Name);
        await host.StopAsync();
    }

    private static async Task Until(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
