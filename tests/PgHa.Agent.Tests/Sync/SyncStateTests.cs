using PgHa.Agent.Cluster;

namespace PgHa.Agent.Tests.Sync;

public sealed class SyncStateTests
{
    [Theory]
    [InlineData(null, null, "c", true)]
    [InlineData("", "", "c", true)]
    [InlineData("a", "", "c", false)]
    [InlineData("a", "", "a", true)]
    [InlineData("a", "b", "b", true)]
    [InlineData("a", "b", "c", false)]
    public void Only_the_recorded_leader_and_sync_standby_may_take_over(string? leader, string? standby, string member, bool allowed) =>
        new SyncState(leader, standby).Allows(member).Should().Be(allowed);

    [Fact]
    public void Absent_and_empty_values_are_the_same_record() =>
        new SyncState("a", null).SameAs(new SyncState("a", "")).Should().BeTrue();
}
