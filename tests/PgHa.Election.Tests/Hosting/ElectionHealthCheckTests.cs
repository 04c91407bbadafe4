using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using PgHa.Election.Hosting;
using PgHa.Testing;
using PgHa.Testing.Faults;

namespace PgHa.Election.Tests.Hosting;

/// <summary>The <c>pgha-election</c> health check AddPgHaElection registers, across a leader, a follower, a partition and a stop.</summary>
public sealed class ElectionHealthCheckTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Leader_and_follower_are_healthy_a_partitioned_member_is_degraded_and_a_stopped_one_unhealthy()
    {
        await using var server = await KubeApiServer.StartAsync();
        using var leader = ElectorHost(server, "health-a", "health-a-0");
        await leader.StartAsync();
        var leaderElector = leader.Services.GetRequiredService<LeaderElector>();
        await Until(() => leaderElector.IsLeader);
        using var follower = ElectorHost(server, "health-a", "health-a-1");
        await follower.StartAsync();

        var leading = await WaitForAsync(leader, e => e.Status == HealthStatus.Healthy);
        var following = await WaitForAsync(follower, e => e.Status == HealthStatus.Healthy && (string)e.Data["holder"] == "health-a-0");

        leading.Data["is_leader"].Should().Be(true);
        leading.Data["holder"].Should().Be("health-a-0");
        leading.Data["term"].Should().Be(0L);
        leading.Data["state"].Should().Be("Running");
        leading.Description.Should().Contain("leads (term 0)");
        following.Data["is_leader"].Should().Be(false);
        following.Description.Should().Contain("follows health-a-0");

        // Cut the follower off: its watch breaks and its reads fail, so after one ttl it cannot know who leads.
        server.Faults.Partition("health-a-1", PartitionMode.Fail);
        var partitioned = await WaitForAsync(follower, e => e.Status == HealthStatus.Degraded);
        partitioned.Description.Should().Contain("has not answered").And.Contain("ttl");
        ((double)partitioned.Data["since_last_contact_seconds"]).Should().BeGreaterThan(2);
        (await CheckAsync(leader)).Status.Should().Be(HealthStatus.Healthy, "the leader still renews");

        server.Faults.Heal("health-a-1");
        await WaitForAsync(follower, e => e.Status == HealthStatus.Healthy);

        await follower.StopAsync();
        var stopped = await CheckAsync(follower);
        stopped.Status.Should().Be(HealthStatus.Unhealthy);
        stopped.Description.Should().Contain("not running (stopped)");
        await leader.StopAsync();
    }

    [Fact]
    public async Task A_faulted_elector_is_reported_with_the_registration_s_failure_status_and_its_exception()
    {
        await using var server = await KubeApiServer.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IKubernetes>(_ => server.CreateClient("health-b-0"));
        builder.Services.AddPgHaElection(o => Configure(o, "health-b", "health-b-0")).WithoutHealthCheck();
        builder.Services.AddHealthChecks().AddPgHaElectionCheck("leader", HealthStatus.Degraded, ["ready"]);
        using var host = builder.Build();
        var elector = host.Services.GetRequiredService<LeaderElector>();
        var boom = new InvalidOperationException("eligibility exploded");
        elector.DecidedToAcquire = () => throw boom;

        var run = elector.RunAsync(CancellationToken.None);
        await FluentActions.Awaiting(() => run.WaitAsync(Patience)).Should().ThrowAsync<InvalidOperationException>();
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        report.Entries.Keys.Should().Equal("leader");
        var entry = report.Entries["leader"];
        entry.Status.Should().Be(HealthStatus.Degraded, "the registration's failure status is used for a stopped elector");
        entry.Exception.Should().BeSameAs(boom);
        entry.Tags.Should().Equal("ready");
        entry.Data["state"].Should().Be("Faulted");
        elector.GetStatus().State.Should().Be(ElectorRunState.Faulted);
    }

    [Fact]
    public void The_check_is_registered_once_by_default_and_not_at_all_without_it()
    {
        var services = new ServiceCollection();
        services.AddPgHaElection(o => Configure(o, "c", "m"));
        services.AddPgHaElection();
        using (var provider = services.BuildServiceProvider())
        {
            var registrations = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations;
            registrations.Should().ContainSingle().Which.Name.Should().Be("pgha-election");
            registrations.Single().Tags.Should().BeEquivalentTo("pgha", "election");
        }

        var without = new ServiceCollection();
        without.AddPgHaElection(o => Configure(o, "c", "m")).WithoutHealthCheck();
        without.AddPgHaElection();
        using var bare = without.BuildServiceProvider();
        bare.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations.Should().BeEmpty();
    }

    [Fact]
    public void A_status_before_the_first_run_says_not_started()
    {
        var options = new LeaderElectorOptions();
        Configure(options, "c", "m");
        var store = NSubstitute.Substitute.For<Stores.ILeaderLockStore>();
        var elector = new LeaderElector(options, store);

        var status = elector.GetStatus();

        status.State.Should().Be(ElectorRunState.NotStarted);
        status.LastContactAt.Should().BeNull();
        status.IsLeader.Should().BeFalse();
        status.Ttl.Should().Be(TimeSpan.FromSeconds(2));
    }

    internal static void Configure(LeaderElectorOptions o, string scope, string identity)
    {
        o.Scope = scope;
        o.Identity = identity;
        o.LockKind = LockKind.Lease;
        o.Ttl = TimeSpan.FromSeconds(2);
        o.LoopWait = TimeSpan.FromMilliseconds(400);
        o.RetryTimeout = TimeSpan.FromMilliseconds(400);
    }

    private static IHost ElectorHost(KubeApiServer server, string scope, string identity)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IKubernetes>(_ => server.CreateClient(identity));
        builder.Services.AddPgHaElection(o => Configure(o, scope, identity));
        return builder.Build();
    }

    private static async Task<HealthReportEntry> CheckAsync(IHost host)
    {
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries[ElectionHealthChecksBuilderExtensions.DefaultName];
    }

    private static async Task<HealthReportEntry> WaitForAsync(IHost host, Func<HealthReportEntry, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var entry = await CheckAsync(host);
            if (condition(entry))
            {
                return entry;
            }

            timeout.Token.ThrowIfCancellationRequested();
            await Task.Delay(50, timeout.Token);
        }
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
