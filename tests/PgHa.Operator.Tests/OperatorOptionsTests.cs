using PgHa.Election;
using PgHa.Routing;

namespace PgHa.Operator.Tests;

public sealed class OperatorOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_as_agreed_with_the_agent()
    {
        var options = new OperatorOptions();

        options.Validate().Should().BeEmpty();
        options.LockKind.Should().Be(LockKind.ConfigMap);
        options.RoutingMode.Should().Be(RoutingMode.EndpointSlice);
        options.RoleLabel.Should().Be("spilo-role");
        options.MaxConcurrentReconciles.Should().Be(4);
        options.ResyncPeriod.Should().Be(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void Every_bad_setting_is_named()
    {
        var options = new OperatorOptions
        {
            Namespace = "Not_A_Namespace",
            LockKind = (LockKind)9,
            RoutingMode = (RoutingMode)9,
            RoleLabel = " ",
            LabelSelector = "",
            MaxConcurrentReconciles = 0,
            ResyncPeriod = TimeSpan.Zero,
            DefaultLockTtl = TimeSpan.Zero,
            RetryBaseDelay = TimeSpan.FromSeconds(2),
            RetryMaxDelay = TimeSpan.FromSeconds(1),
        };

        var errors = options.Validate();

        foreach (var name in new[] { "Namespace", "LockKind", "RoutingMode", "RoleLabel", "LabelSelector", "MaxConcurrentReconciles", "ResyncPeriod", "DefaultLockTtl", "RetryMaxDelay" })
        {
            errors.Should().Contain(e => e.StartsWith(name, StringComparison.Ordinal), $"{name} is bad");
        }
    }

    [Fact]
    public void The_operator_refuses_invalid_options()
    {
        var client = NSubstitute.Substitute.For<k8s.IKubernetes>();

        var create = () => new PostgresOperator(client, new OperatorOptions { MaxConcurrentReconciles = 0 });

        create.Should().Throw<ArgumentException>().WithMessage("*MaxConcurrentReconciles*");
    }
}
