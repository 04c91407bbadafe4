using PgHa.Agent.Hosting;
using PgHa.Agent.Postgres;
using PgHa.Election;

namespace PgHa.Agent.Tests.Hosting;

public sealed class AgentSettingsTests
{
    private static readonly Dictionary<string, string> Spilo = new()
    {
        ["SCOPE"] = "acid-minimal-cluster",
        ["POD_NAME"] = "acid-minimal-cluster-0",
        ["POD_NAMESPACE"] = "prod",
        ["POD_IP"] = "10.2.0.7",
    };

    [Fact]
    public void Reads_Spilos_environment_with_the_master_Service_as_the_primary()
    {
        var settings = AgentSettings.Read([], Spilo.GetValueOrDefault);

        settings.Errors.Should().BeEmpty();
        settings.Options.ClusterName.Should().Be("acid-minimal-cluster");
        settings.Options.PodName.Should().Be("acid-minimal-cluster-0");
        settings.Options.Namespace.Should().Be("prod");
        settings.Host.Should().Be("10.2.0.7");
        settings.Options.Primary.Should().Be(new PrimaryAddress("acid-minimal-cluster.prod.svc", 5432));
        settings.Options.LockKind.Should().Be(LockKind.ConfigMap);
    }

    [Fact]
    public void Flags_override_the_environment()
    {
        var settings = AgentSettings.Read(
            ["--primary-host", "127.0.0.1", "--primary-port", "15432", "--lock-kind", "endpoints", "--ttl", "6", "--loop-wait", "2", "--retry-timeout", "2",
             "--postmaster-failure", "ReleaseLock", "--synchronous-mode", "false", "--report-readiness", "--simulated", "--pod-name", "acid-minimal-cluster-1"],
            Spilo.GetValueOrDefault);

        settings.Errors.Should().BeEmpty();
        settings.Options.Primary.Should().Be(new PrimaryAddress("127.0.0.1", 15432));
        settings.Options.LockKind.Should().Be(LockKind.Endpoints);
        settings.Options.Ttl.Should().Be(TimeSpan.FromSeconds(6));
        settings.Options.PostmasterFailurePolicy.Should().Be(PostmasterFailurePolicy.ReleaseLock);
        settings.Options.SynchronousMode.Should().BeFalse();
        settings.Options.ReportReadiness.Should().BeTrue();
        settings.Simulated.Should().BeTrue();
        settings.Options.PodName.Should().Be("acid-minimal-cluster-1");
    }

    [Fact]
    public void Reports_every_bad_setting_by_name()
    {
        var settings = AgentSettings.Read(["--ttl", "x", "--postmaster-failure", "Pray", "--bogus", "1"], _ => null);

        settings.Errors.Should().Contain(e => e.Contains("--ttl", StringComparison.Ordinal))
            .And.Contain(e => e.Contains("--postmaster-failure", StringComparison.Ordinal))
            .And.Contain(e => e.Contains("--bogus", StringComparison.Ordinal))
            .And.Contain(e => e.Contains("POD_IP", StringComparison.Ordinal))
            .And.Contain(e => e.Contains("ClusterName", StringComparison.Ordinal))
            .And.Contain(e => e.Contains("PodName", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_validation_names_the_agents_settings()
    {
        var errors = new AgentOptions { ClusterName = "pg", PodName = "pg-0", HealthCheckInterval = TimeSpan.Zero, MasterRole = "x", ReplicaRole = "x" }.Validate();

        errors.Should().Contain(e => e.Contains(nameof(AgentOptions.Primary), StringComparison.Ordinal))
            .And.Contain(e => e.Contains(nameof(AgentOptions.HealthCheckInterval), StringComparison.Ordinal))
            .And.Contain(e => e.Contains(nameof(AgentOptions.MasterRole), StringComparison.Ordinal));
    }
}
