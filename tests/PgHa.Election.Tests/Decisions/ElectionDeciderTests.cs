using PgHa.Election.Decisions;
using PgHa.Election.Expiry;
using PgHa.Election.Records;

namespace PgHa.Election.Tests.Decisions;

public sealed class ElectionDeciderTests
{
    private const long F = 1000; // timestamp ticks per second
    private static readonly ElectionTimings Timings = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(27), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

    private static ClockReading At(double seconds) => new((long)(seconds * F), DateTimeOffset.UnixEpoch.AddSeconds(seconds), F);

    private static LeaseObservation Held(string holder, double observedAt = 0, bool malformed = false) =>
        new("fp-" + holder, (long)(observedAt * F), new LeaderRecord { Holder = holder, Transitions = 3 }, malformed);

    private static LeaseObservation Free() => new(string.Empty, 0, LeaderRecord.Free);

    private static ElectionInputs Inputs(double now, LeaseObservation? seen, bool leader = false, double lastRenew = 0, double? failedAt = null,
        bool exists = true, bool eligible = true, double? deferUntil = null, double abstainUntil = double.MinValue)
    {
        var clock = At(now);
        var freeAt = seen is null || !seen.CountsAsHeld ? long.MinValue : clock.After(seen.ObservedAt, Timings.Ttl);
        return new ElectionInputs("me", leader, (long)(lastRenew * F), failedAt is { } f ? (long)(f * F) : null, exists, seen, freeAt, eligible,
            deferUntil is { } d ? (long)(d * F) : null, abstainUntil == double.MinValue ? long.MinValue : (long)(abstainUntil * F), clock, Timings);
    }

    [Fact]
    public void A_leader_renews_every_loop_wait()
    {
        ElectionDecider.Next(Inputs(9.999, Held("me"), leader: true)).Should().Be(ElectionAction.WaitUntil(10 * F));
        ElectionDecider.Next(Inputs(10, Held("me"), leader: true)).Kind.Should().Be(ElectionActionKind.Renew);
    }

    [Fact]
    public void A_leader_retries_a_failed_renew_soon_and_steps_down_at_its_deadline()
    {
        ElectionDecider.Next(Inputs(10.5, Held("me"), leader: true, failedAt: 10)).Should().Be(ElectionAction.WaitUntil(11 * F));
        ElectionDecider.Next(Inputs(11, Held("me"), leader: true, failedAt: 10)).Kind.Should().Be(ElectionActionKind.Renew);
        ElectionDecider.Next(Inputs(26.9, Held("me"), leader: true, failedAt: 26.5)).Should().Be(ElectionAction.WaitUntil(27 * F));
        ElectionDecider.Next(Inputs(27, Held("me"), leader: true, failedAt: 26.5)).Kind.Should().Be(ElectionActionKind.StepDown);
    }

    [Fact]
    public void The_deadline_is_measured_from_the_start_of_the_last_successful_renew()
    {
        ElectionDecider.Next(Inputs(36.9, Held("me"), leader: true, lastRenew: 10, failedAt: 36.5)).Kind.Should().NotBe(ElectionActionKind.StepDown);
        ElectionDecider.Next(Inputs(37, Held("me"), leader: true, lastRenew: 10, failedAt: 36.5)).Kind.Should().Be(ElectionActionKind.StepDown);
    }

    [Fact]
    public void A_leader_that_sees_another_holder_steps_down_at_once()
    {
        var action = ElectionDecider.Next(Inputs(1, Held("other"), leader: true));

        action.Kind.Should().Be(ElectionActionKind.StepDown);
        action.Reason.Should().Contain("other");
    }

    [Fact]
    public void A_candidate_waits_for_the_exact_expiry_instant_and_then_acquires()
    {
        ElectionDecider.Next(Inputs(5, Held("other", observedAt: 2))).Should().Be(ElectionAction.WaitUntil(32 * F));
        ElectionDecider.Next(Inputs(31.999, Held("other", observedAt: 2))).Should().Be(ElectionAction.WaitUntil(32 * F));
        ElectionDecider.Next(Inputs(32, Held("other", observedAt: 2))).Kind.Should().Be(ElectionActionKind.Acquire);
    }

    [Fact]
    public void A_free_or_missing_lock_is_acquired_at_once()
    {
        ElectionDecider.Next(Inputs(0, Free())).Kind.Should().Be(ElectionActionKind.Acquire);
        ElectionDecider.Next(Inputs(0, Free(), exists: false)).Kind.Should().Be(ElectionActionKind.Acquire);
    }

    [Fact]
    public void Nothing_happens_before_the_lock_was_read()
    {
        ElectionDecider.Next(Inputs(0, null)).Should().Be(ElectionAction.WaitUntil(long.MaxValue));
    }

    [Fact]
    public void A_lock_still_naming_this_member_is_taken_back_without_waiting()
    {
        ElectionDecider.Next(Inputs(1, Held("me"))).Kind.Should().Be(ElectionActionKind.Acquire);
    }

    [Fact]
    public void An_ineligible_candidate_never_acquires_but_looks_again_later()
    {
        ElectionDecider.Next(Inputs(40, Held("other"), eligible: false)).Should().Be(ElectionAction.WaitUntil(50 * F));
        ElectionDecider.Next(Inputs(0, Free(), eligible: false)).Should().Be(ElectionAction.WaitUntil(10 * F));
    }

    [Fact]
    public void A_candidate_defers_to_a_healthier_member_for_a_bounded_time()
    {
        ElectionDecider.Next(Inputs(40, Held("other"), deferUntil: 45)).Should().Be(ElectionAction.WaitUntil(45 * F));
        ElectionDecider.Next(Inputs(45, Held("other"), deferUntil: 45)).Kind.Should().Be(ElectionActionKind.Acquire);
    }

    [Fact]
    public void A_member_that_released_abstains_until_its_pause_ends()
    {
        ElectionDecider.Next(Inputs(1, Free(), abstainUntil: 31)).Should().Be(ElectionAction.WaitUntil(31 * F));
        ElectionDecider.Next(Inputs(31, Free(), abstainUntil: 31)).Kind.Should().Be(ElectionActionKind.Acquire);
    }

    [Fact]
    public void A_failed_acquire_is_retried_after_the_retry_interval()
    {
        ElectionDecider.Next(Inputs(40.5, Held("other"), failedAt: 40)).Should().Be(ElectionAction.WaitUntil(41 * F));
        ElectionDecider.Next(Inputs(41, Held("other"), failedAt: 40)).Kind.Should().Be(ElectionActionKind.Acquire);
    }

    [Fact]
    public void A_malformed_record_naming_this_member_is_not_taken_back_early()
    {
        ElectionDecider.Next(Inputs(1, Held("me", malformed: true))).Should().Be(ElectionAction.WaitUntil(30 * F));
    }
}
