using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PgHa.Routing.Hosting;

namespace PgHa.Routing.Tests.Hosting;

/// <summary>AddPgHaRouting(IConfiguration): every kind of option binds from a section, and a bad one stops the host naming the setting.</summary>
public sealed class RoutingConfigurationBindingTests
{
    [Fact]
    public void Every_kind_of_option_binds_from_configuration()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["PgHa:Routing:ClusterName"] = "acid-minimal-cluster",
            ["PgHa:Routing:Namespace"] = "db",
            ["PgHa:Routing:Team"] = "platform",
            ["PgHa:Routing:ServiceName"] = "acid-primary",
            ["PgHa:Routing:ReplicaServiceName"] = "acid-replicas",
            ["PgHa:Routing:ProvisionReplicaService"] = "false",
            ["PgHa:Routing:RoleLabel"] = "example.com/role",
            ["PgHa:Routing:PrimaryRole"] = "primary",
            ["PgHa:Routing:ReplicaRole"] = "standby",
            ["PgHa:Routing:Application"] = "postgres",
            ["PgHa:Routing:Mode"] = "endpoints",
            ["PgHa:Routing:ManagedBy"] = "my-operator",
            ["PgHa:Routing:RequestTimeout"] = "00:00:05",
            ["PgHa:Routing:ServiceOwner:ApiVersion"] = "acid.zalan.do/v1",
            ["PgHa:Routing:ServiceOwner:Kind"] = "postgresql",
            ["PgHa:Routing:ServiceOwner:Name"] = "acid-minimal-cluster",
            ["PgHa:Routing:ServiceOwner:Uid"] = "0b0e4f0c-8d0b-4b36-9c7c-1f6b9b0f6c2a",
            ["PgHa:Routing:ServiceOwner:Controller"] = "true",
        });

        options.ClusterName.Should().Be("acid-minimal-cluster");
        options.Namespace.Should().Be("db");
        options.Team.Should().Be("platform");
        options.ServiceName.Should().Be("acid-primary");
        options.ReplicaServiceName.Should().Be("acid-replicas");
        options.ProvisionReplicaService.Should().BeFalse();
        options.RoleLabel.Should().Be("example.com/role");
        options.PrimaryRole.Should().Be("primary");
        options.ReplicaRole.Should().Be("standby");
        options.Application.Should().Be("postgres");
        options.Mode.Should().Be(RoutingMode.Endpoints, "enum names bind case-insensitively");
        options.ManagedBy.Should().Be("my-operator");
        options.RequestTimeout.Should().Be(TimeSpan.FromSeconds(5));
        options.ServiceOwner.Should().NotBeNull();
        options.ServiceOwner!.Kind.Should().Be("postgresql");
        options.ServiceOwner.Uid.Should().Be("0b0e4f0c-8d0b-4b36-9c7c-1f6b9b0f6c2a");
        options.ServiceOwner.Controller.Should().BeTrue();
        options.Ports.Should().Equal(new RoutePort("postgresql", 5432));
        options.Validate().Should().BeEmpty();
    }

    [Fact]
    public void Configured_ports_replace_the_default_port()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["PgHa:Routing:ClusterName"] = "acid-minimal-cluster",
            ["PgHa:Routing:Ports:0:Name"] = "postgresql",
            ["PgHa:Routing:Ports:0:Port"] = "5432",
            ["PgHa:Routing:Ports:0:TargetPort"] = "6432",
            ["PgHa:Routing:Ports:1:Name"] = "metrics",
            ["PgHa:Routing:Ports:1:Port"] = "9187",
        });

        options.Ports.Should().Equal(new RoutePort("postgresql", 5432, 6432), new RoutePort("metrics", 9187));
    }

    [Theory]
    [InlineData("ClusterName", "Acid_Cluster", "ClusterName must be a DNS-1035 label")]
    [InlineData("RequestTimeout", "2", "RequestTimeout must be positive and at most a day; it was 2.00:00:00")]
    [InlineData("ManagedBy", "endpointslice-controller.k8s.io", "ManagedBy may not be 'endpointslice-controller.k8s.io'")]
    [InlineData("Ports:0:Protocol", "HTTP", "Ports[0].Protocol must be TCP, UDP or SCTP; it was 'HTTP'")]
    [InlineData("Ports:0:Port", "70000", "Ports[0] ports must be between 1 and 65535")]
    public async Task An_invalid_setting_fails_the_host_at_start_naming_it(string key, string value, string message)
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["PgHa:Routing:ClusterName"] = "acid-minimal-cluster",
            ["PgHa:Routing:Ports:0:Name"] = "postgresql",
            ["PgHa:Routing:Ports:0:Port"] = "5432",
            ["PgHa:Routing:" + key] = value,
        });

        var error = (await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>()).Which;

        error.Failures.Should().Contain(f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_value_that_does_not_convert_fails_the_host_at_start_naming_its_path()
    {
        using var host = Build(new Dictionary<string, string?>
        {
            ["PgHa:Routing:ClusterName"] = "acid-minimal-cluster",
            ["PgHa:Routing:Mode"] = "Ingress",
        });

        var error = (await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<InvalidOperationException>()).Which;

        error.Message.Should().Contain("PgHa:Routing:Mode").And.Contain(nameof(RoutingMode));
    }

    private static PrimaryRouterOptions Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddPgHaRouting(configuration.GetSection("PgHa:Routing"));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<PrimaryRouterOptions>>().Value;
    }

    private static IHost Build(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(NSubstitute.Substitute.For<IKubernetes>());
        builder.Services.AddPgHaRouting(configuration.GetSection("PgHa:Routing"));
        return builder.Build();
    }
}
