using PgHa.Chaos.Tests.History;
using PgHa.Routing;

namespace PgHa.Chaos.Tests.Checker;

/// <summary>Each check of <see cref="HistoryChecker"/> on hand-made histories: it passes what is right and reports what is not.</summary>
public sealed class HistoryCheckerTests
{
    private static readonly CheckerLimits Limits = new(TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(800));
    private static readonly Dictionary<string, string> Foreign = new() { ["slots"] = "{}" };
    private readonly ChaosHistory _history = new();

    [Fact]
    public void A_clean_handover_passes()
    {
        Leader("m0", 0, from: 0, to: 300);
        Leader("m1", 1, from: 700, to: null);

        Checks().Should().BeEmpty();
    }

    [Fact]
    public void Overlapping_beliefs_are_a_safety_violation()
    {
        Leader("m0", 0, from: 0, to: 800);
        Leader("m1", 1, from: 700, to: null);

        Checks().Should().ContainSingle(v => v.Check == Check.Safety).Which.Message.Should().Contain("m0#1").And.Contain("m1#1").And.Contain("100.0ms");
    }

    [Fact]
    public void A_belief_held_through_a_pause_counts_only_outside_the_frozen_span()
    {
        Leader("m0", 0, from: 0, to: 1000);
        _history.FrozenSpans.Add(new Frozen("m0", At(200), At(1000)));
        Leader("m1", 1, from: 700, to: null);

        Checks().Should().BeEmpty();

        _history.FrozenSpans[0] = new Frozen("m0", At(200), At(900));
        Checks().Should().ContainSingle(v => v.Check == Check.Safety);
    }

    [Fact]
    public void A_route_left_on_the_old_holder_beyond_the_allowance_is_a_routing_violation()
    {
        Leader("m0", 0, from: 0, to: 300);
        Leader("m1", 1, from: 700, to: null, routedAt: 1000);

        Checks().Should().ContainSingle(v => v.Check == Check.Routing).Which.Message.Should().Contain("m0");
    }

    [Fact]
    public void A_route_that_follows_within_the_allowance_passes()
    {
        Leader("m0", 0, from: 0, to: 300);
        Leader("m1", 1, from: 700, to: null, routedAt: 840);

        Checks().Should().BeEmpty();
    }

    [Fact]
    public void Two_slices_leading_to_two_members_are_a_routing_violation_for_the_one_that_does_not_hold_the_lock()
    {
        Leader("m0", 0, from: 0, to: null);
        _history.Routes.Add(new RouteSeen(At(500), "9 (2 slices)", "m0+m2", new RouteTerm("m0", 0)));

        Checks().Should().ContainSingle(v => v.Check == Check.Routing).Which.Message.Should().Contain("led to m2");
    }

    [Fact]
    public void A_route_term_that_goes_back_is_a_fencing_violation()
    {
        Leader("m0", 0, from: 0, to: 300);
        Leader("m1", 1, from: 700, to: null);
        _history.Routes.Add(new RouteSeen(At(800), "99", "m1", new RouteTerm("m0", 0)));

        Checks().Should().Contain(v => v.Check == Check.Fencing && v.Message.Contains("went back", StringComparison.Ordinal));
    }

    [Fact]
    public void An_applied_write_under_a_term_older_than_the_route_is_a_fencing_violation()
    {
        Leader("m0", 0, from: 0, to: 300);
        Leader("m1", 1, from: 700, to: null);
        _history.RouteWrites.Add(new RouteWrite("follower-b", new RouteTerm("m0", 0), "m0", RouteOutcome.Applied, At(900), At(910)));

        Checks().Should().ContainSingle(v => v.Check == Check.Fencing).Which.Message.Should().Contain("follower-b");
    }

    [Fact]
    public void A_new_holder_in_the_same_term_is_a_fencing_violation_but_the_first_holder_of_a_new_lock_takes_term_0()
    {
        _history.Locks.Add(new LockSeen(At(0), "1", null, 0, Foreign, EverHeld: false));
        Leader("m0", 0, from: 10, to: 300);
        Checks().Should().BeEmpty();

        _history.Locks.Add(new LockSeen(At(700), "50", "m1", 0, Foreign));
        Checks().Should().Contain(v => v.Check == Check.Fencing && v.Message.Contains("must raise transitions", StringComparison.Ordinal));
    }

    [Fact]
    public void No_leader_at_the_end_is_a_liveness_violation()
    {
        Leader("m0", 0, from: 0, to: 300);
        _history.FaultsOverAt = At(400);
        _history.EndedAt = At(2000);

        Checks().Should().ContainSingle(v => v.Check == Check.Liveness).Which.Message.Should().Contain("did not believe");
    }

    [Fact]
    public void A_leader_later_than_the_bound_after_the_faults_is_a_liveness_violation()
    {
        Leader("m0", 0, from: 0, to: 300);
        _history.FaultsOverAt = At(400);
        Leader("m1", 1, from: 1300, to: null);
        _history.EndedAt = At(2000);

        Checks().Should().ContainSingle(v => v.Check == Check.Liveness).Which.Message.Should().Contain("only 9");
    }

    [Fact]
    public void A_leader_within_the_bound_passes_liveness()
    {
        Leader("m0", 0, from: 0, to: 300);
        _history.FaultsOverAt = At(400);
        Leader("m1", 1, from: 1100, to: null);
        _history.EndedAt = At(2000);

        Checks().Should().BeEmpty();
    }

    [Fact]
    public void A_lost_foreign_annotation_is_reported()
    {
        Leader("m0", 0, from: 0, to: null);
        _history.Locks.Add(new LockSeen(At(100), "7", "m0", 0, new Dictionary<string, string> { ["slots"] = "changed" }));

        Checks().Should().ContainSingle(v => v.Check == Check.Annotations).Which.Message.Should().Contain("slots='changed'");
    }

    [Fact]
    public void What_the_teardown_recorded_after_the_end_is_not_judged()
    {
        Leader("m0", 0, from: 0, to: 2500);
        _history.FaultsOverAt = At(100);
        _history.EndedAt = At(2000);
        Leader("m1", 1, from: 2100, to: null);

        Checks().Should().BeEmpty();
    }

    private long At(double ms) => _history.Origin + ChaosHistory.Ticks(TimeSpan.FromMilliseconds(ms));

    // The hand-made entries lie ahead of the real clock: end the history after them unless the test ends it.
    private List<Violation> Checks()
    {
        _history.EndedAt ??= At(5000);
        return HistoryChecker.Run(_history, Limits, Foreign);
    }

    // A member that took the lock at 'from' (the lock, the route and its belief together; the route at routedAt if given) and stopped believing at 'to'.
    private void Leader(string member, long transitions, double from, double? to, double? routedAt = null)
    {
        _history.Beliefs.Add(new Belief(member, 1, At(from)) { End = to is { } end ? At(end) : null });
        _history.Locks.Add(new LockSeen(At(from), "v" + from, member, transitions, Foreign));
        _history.Routes.Add(new RouteSeen(At(routedAt ?? from + 1), "r" + from, member, new RouteTerm(member, transitions)));
    }
}
