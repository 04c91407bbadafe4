using System.Diagnostics.Metrics;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PgHa.Election.Diagnostics;
using PgHa.Election.Hosting;
using PgHa.Testing;

namespace PgHa.Election.Tests.Hosting;

/// <summary>AddPgHaElection: options from configuration, validation at start, the hosted service, and the metrics.</summary>
public sealed class ElectionHostingTests
{
    [Fact]
    public async Task The_hosted_service_runs_the_elector_configured_from_configuration_and_reports_metrics()
    {
        await using var server = await KubeApiServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PgHa:Election:Scope"] = "acid-minimal-cluster",
            ["PgHa:Election:Identity"] = "acid-minimal-cluster-0",
            ["PgHa:Election:LockKind"] = "Lease",
            ["PgHa:Election:Ttl"] = "00:00:02",
            ["PgHa:Election:LoopWait"] = "00:00:00.4",
            ["PgHa:Election:RetryTimeout"] = "00:00:00.4",
        }).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IKubernetes>(_ => server.CreateClient("acid-minimal-cluster-0"));
        builder.Services.AddPgHaElection(configuration.GetSection("PgHa:Election"));
        using var host = builder.Build();
        var elector = host.Services.GetRequiredService<ILeaderElector>();
        var started = new TaskCompletionSource<LeadershipTerm>(TaskCreationOptions.RunContinuationsAsynchronously);
        elector.LeadershipStarted += (_, e) => started.TrySetResult(e.Term);
        var isLeader = new List<int>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == ElectionMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) =>
        {
            if (instrument.Name == "pgha.election.is_leader")
            {
                isLeader.Add(value);
            }
        });
        listener.Start();

        await host.StartAsync();
        var term = await started.Task.WaitAsync(TimeSpan.FromSeconds(15));
        listener.RecordObservableInstruments();
        var lease = await server.Client.CoordinationV1.ReadNamespacedLeaseAsync("acid-minimal-cluster-leader", "default");
        await host.StopAsync();

        term.Holder.Should().Be("acid-minimal-cluster-0");
        lease.Spec.HolderIdentity.Should().Be("acid-minimal-cluster-0");
        lease.Spec.LeaseDurationSeconds.Should().Be(2);
        isLeader.Should().Contain(1);
        (await server.Client.CoordinationV1.ReadNamespacedLeaseAsync("acid-minimal-cluster-leader", "default")).Spec.HolderIdentity
            .Should().BeNull("stopping the host released the lock");
    }

    [Fact]
    public async Task Invalid_options_fail_the_host_at_start_with_the_settings_named()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IKubernetes>(_ => throw new InvalidOperationException("not reached"));
        builder.Services.AddPgHaElection(o =>
        {
            o.Scope = "acid-minimal-cluster";
            o.Ttl = TimeSpan.FromSeconds(10);
        });
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().Contain(f => f.Contains("Identity is required", StringComparison.Ordinal))
            .And.Contain(f => f.Contains("LoopWait + 2 × RetryTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public void Patroni_style_auto_adjustment_shortens_the_loop_wait_instead_of_failing()
    {
        var options = new LeaderElectorOptions
        {
            Scope = "c", Identity = "m", Ttl = TimeSpan.FromSeconds(30), LoopWait = TimeSpan.FromSeconds(15), RetryTimeout = TimeSpan.FromSeconds(10),
            AutoAdjustTimings = true,
        };

        options.Validate().Should().BeEmpty();
        options.AdjustTimings();

        options.LoopWait.Should().Be(TimeSpan.FromSeconds(10), "Patroni prefers to shorten loop_wait: 30 - 2 × 10");
        options.RetryTimeout.Should().Be(TimeSpan.FromSeconds(10));
    }
}
