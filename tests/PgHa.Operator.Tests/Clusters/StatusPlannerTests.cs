using PgHa.Operator.Clusters;

namespace PgHa.Operator.Tests.Clusters;

public sealed class StatusPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(1);
    private static readonly ClusterObservation RoutedTo0 = new("Running", "True", "Routed", "to pod 0", "pg-0", 1);

    [Fact]
    public void The_first_status_has_the_condition_leader_term_and_generation()
    {
        var next = StatusPlanner.Next(ClusterStatus.Empty, RoutedTo0, 3, T0)!;

        next.Should().BeEquivalentTo(new ClusterStatus("Running", "pg-0", 1, T0, 3,
            [new StatusCondition("RouteReady", "True", "Routed", "to pod 0", T0, 3)]));
    }

    [Fact]
    public void Nothing_new_is_no_write()
    {
        var current = StatusPlanner.Next(ClusterStatus.Empty, RoutedTo0, 3, T0)!;

        StatusPlanner.Next(current, RoutedTo0, 3, T1).Should().BeNull();
    }

    [Fact]
    public void What_was_written_reads_back_as_the_same_status()
    {
        var written = StatusPlanner.Next(ClusterStatus.Empty, RoutedTo0, 3, T0)!;
        using var patch = System.Text.Json.JsonDocument.Parse(written.ToMergePatch());

        var read = ClusterStatus.Read(patch.RootElement.GetProperty("status"));

        read.Should().BeEquivalentTo(written);
        StatusPlanner.Next(read, RoutedTo0, 3, T1).Should().BeNull();
    }

    [Fact]
    public void A_new_leader_moves_the_top_level_transition_time_but_not_the_conditions_while_it_stays_true()
    {
        var current = StatusPlanner.Next(ClusterStatus.Empty, RoutedTo0, 3, T0)!;

        var next = StatusPlanner.Next(current, RoutedTo0 with { Leader = "pg-1", Term = 2, Message = "to pod 1" }, 3, T1)!;

        next.Leader.Should().Be("pg-1");
        next.Term.Should().Be(2);
        next.LastTransitionTime.Should().Be(T1);
        next.Condition("RouteReady")!.LastTransitionTime.Should().Be(T0, "the condition stayed True");
        next.Condition("RouteReady")!.Message.Should().Be("to pod 1");
    }

    [Fact]
    public void A_condition_that_changes_status_moves_its_transition_time()
    {
        var current = StatusPlanner.Next(ClusterStatus.Empty, RoutedTo0, 3, T0)!;

        var next = StatusPlanner.Next(current, new ClusterObservation("Running", "False", "LockExpired", "expired", null, 1), 3, T1)!;

        next.Condition("RouteReady").Should().Be(new StatusCondition("RouteReady", "False", "LockExpired", "expired", T1, 3));
        next.Leader.Should().BeEmpty();
    }

    [Fact]
    public void An_invalid_spec_keeps_the_leader_and_term_it_had()
    {
        var current = StatusPlanner.Next(ClusterStatus.Empty, RoutedTo0, 3, T0)!;

        var next = StatusPlanner.Next(current, new ClusterObservation("Invalid", "False", "InvalidSpec", "spec.teamId: required", null, null), 4, T1)!;

        next.PostgresClusterStatus.Should().Be("Invalid");
        next.Leader.Should().Be("pg-0");
        next.Term.Should().Be(1);
        next.ObservedGeneration.Should().Be(4);
    }

    [Fact]
    public void Other_conditions_are_kept()
    {
        var current = new ClusterStatus("Running", "pg-0", 1, T0, 3,
            [new StatusCondition("Other", "True", "Because", "someone else's", T0, 1)]);

        var next = StatusPlanner.Next(current, RoutedTo0, 3, T1)!;

        next.Conditions.Select(c => c.Type).Should().Equal("Other", "RouteReady");
    }
}
