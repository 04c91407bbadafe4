using PgHa.Agent.Eligibility;
using PgHa.Agent.Postgres;
using PgHa.Election.Records;

namespace PgHa.Agent.Tests.Eligibility;

public sealed class AgentEligibilityTests
{
    private static readonly InstanceStatus Standby = new(true, true, 10_000_000, 10_000_000, 1, []);

    [Fact]
    public void A_running_standby_within_the_lag_passes_the_local_rules() =>
        AgentEligibility.Local(new MemberSnapshot(Standby, true, false, false), new LeaderRecord { Optime = 10_500_000 }, 1_048_576).Should().BeNull();

    [Theory]
    [InlineData(false, false, false, "not running")]
    [InlineData(true, true, false, "rejoining")]
    [InlineData(true, false, true, "stopping")]
    public void Refuses_a_member_that_is_not_a_healthy_standby(bool running, bool rejoining, bool stopping, string reason)
    {
        var status = running ? Standby : InstanceStatus.Down("connection refused");
        var verdict = AgentEligibility.Local(new MemberSnapshot(status, true, rejoining, stopping), new LeaderRecord(), 1_048_576);
        verdict!.Value.Eligible.Should().BeFalse();
        verdict.Value.Reason.Should().Contain(reason);
    }

    [Fact]
    public void Refuses_a_standby_lagging_beyond_the_maximum()
    {
        var verdict = AgentEligibility.Local(new MemberSnapshot(Standby, true, false, false), new LeaderRecord { Optime = 12_000_000 }, 1_048_576);
        verdict!.Value.Eligible.Should().BeFalse();
        verdict.Value.Reason.Should().Contain("lagging 2000000 bytes");
    }

    [Fact]
    public void A_member_without_data_is_left_to_the_initialised_check() =>
        AgentEligibility.Local(new MemberSnapshot(InstanceStatus.Down("no data"), false, false, false), new LeaderRecord(), 1_048_576).Should().BeNull();
}
