using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PgHa.Election.Hosting;

namespace PgHa.Election.Tests.Hosting;

/// <summary>AddPgHaElection(IConfiguration): every kind of option binds from a section, and a bad one stops the host naming the setting.</summary>
public sealed class ElectionConfigurationBindingTests
{
    [Fact]
    public void Every_kind_of_option_binds_from_configuration()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["PgHa:Election:Scope"] = "acid-minimal-cluster",
            ["PgHa:Election:Identity"] = "acid-minimal-cluster-1",
            ["PgHa:Election:Namespace"] = "db",
            ["PgHa:Election:LockKind"] = "Endpoints",
            ["PgHa:Election:LockName"] = "acid-lock",
            ["PgHa:Election:Labels:application"] = "spilo",
            ["PgHa:Election:Labels:cluster-name"] = "acid-minimal-cluster",
            ["PgHa:Election:Ttl"] = "00:00:30",
            ["PgHa:Election:LoopWait"] = "00:00:10",
            ["PgHa:Election:RetryTimeout"] = "00:00:10",
            ["PgHa:Election:RenewDeadline"] = "00:00:25",
            ["PgHa:Election:AutoAdjustTimings"] = "true",
            ["PgHa:Election:ExpiryPolicy"] = "renewtime",
            ["PgHa:Election:ClockSkewAllowance"] = "00:00:00.500",
            ["PgHa:Election:ReleaseOnStop"] = "false",
            ["PgHa:Election:NoFailover"] = "true",
            ["PgHa:Election:MaximumLagOnFailover"] = "33554432",
            ["PgHa:Election:HealthierMemberGrace"] = "00:00:05",
        });

        options.Scope.Should().Be("acid-minimal-cluster");
        options.Identity.Should().Be("acid-minimal-cluster-1");
        options.Namespace.Should().Be("db");
        options.LockKind.Should().Be(LockKind.Endpoints);
        options.LockName.Should().Be("acid-lock");
        options.Labels.Should().BeEquivalentTo(new Dictionary<string, string> { ["application"] = "spilo", ["cluster-name"] = "acid-minimal-cluster" });
        options.Ttl.Should().Be(TimeSpan.FromSeconds(30));
        options.LoopWait.Should().Be(TimeSpan.FromSeconds(10));
        options.RetryTimeout.Should().Be(TimeSpan.FromSeconds(10));
        options.RenewDeadline.Should().Be(TimeSpan.FromSeconds(25));
        options.AutoAdjustTimings.Should().BeTrue();
        options.ExpiryPolicy.Should().Be(ExpiryPolicyKind.RenewTime, "enum names bind case-insensitively");
        options.ClockSkewAllowance.Should().Be(TimeSpan.FromMilliseconds(500));
        options.ReleaseOnStop.Should().BeFalse();
        options.NoFailover.Should().BeTrue();
        options.MaximumLagOnFailover.Should().Be(32 * 1024 * 1024);
        options.HealthierMemberGrace.Should().Be(TimeSpan.FromSeconds(5));
        options.Validate().Should().BeEmpty();
    }

    [Theory]

    // A bare number is days to TimeSpan.Parse ("10" is ten days): the timing rules catch it, showing the parsed value.
    [InlineData("RetryTimeout", "10", "LoopWait + 2 × RetryTimeout must not exceed Ttl (00:00:10 + 2 × 10.00:00:00")]
    [InlineData("LoopWait", "3", "RenewDeadline must be greater than LoopWait (3.00:00:00)")]
    [InlineData("Ttl", "30", "Ttl must be less than a day; it was 30.00:00:00")]
    [InlineData("Ttl", "00:00:30.5", "Ttl must be a whole number of seconds")]
    [InlineData("Namespace", "Not_A_Namespace", "Namespace must be a namespace name")]
    [InlineData("Labels:bad key", "x", "Labels must hold label keys and values")]
    public async Task An_invalid_setting_fails_the_host_at_start_naming_it(string key, string value, string message)
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["PgHa:Election:Scope"] = "acid-minimal-cluster",
            ["PgHa:Election:Identity"] = "acid-minimal-cluster-0",
            ["PgHa:Election:" + key] = value,
        });

        var error = (await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>()).Which;

        error.Failures.Should().Contain(f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_value_that_does_not_convert_fails_the_host_at_start_naming_its_path()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["PgHa:Election:Scope"] = "acid-minimal-cluster",
            ["PgHa:Election:Identity"] = "acid-minimal-cluster-0",
            ["PgHa:Election:LockKind"] = "Etcd",
        });

        var error = (await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<InvalidOperationException>()).Which;

        error.Message.Should().Contain("PgHa:Election:LockKind").And.Contain(nameof(LockKind));
    }

    private static LeaderElectorOptions Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddPgHaElection(configuration.GetSection("PgHa:Election"));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptionsMonitor<LeaderElectorOptions>>().Get(Options.DefaultName);
    }

    private static IHost Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<IKubernetes>(_ => throw new InvalidOperationException("not reached"));
        builder.Services.AddPgHaElection(configuration.GetSection("PgHa:Election"));
        return builder.Build();
    }
}
