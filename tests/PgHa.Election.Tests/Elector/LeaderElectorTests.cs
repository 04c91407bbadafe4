using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using PgHa.Election.Eligibility;
using PgHa.Election.Records;
using PgHa.Election.Tests.Support;

namespace PgHa.Election.Tests.Elector;

/// <summary>The elector's state machine on a fake clock and an in-memory lock: acquire, renew, lose, release, expire, step down.</summary>
public sealed class LeaderElectorTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);
    private readonly InMemoryLock _lock = new();

    [Fact]
    public async Task A_lone_member_creates_the_lock_and_leads_in_term_0()
    {
        await using var a = new ElectorHarness("a", _lock, _time);

        (await a.NextAnnouncementAsync()).Should().Be("started 0");
        a.Elector.IsLeader.Should().BeTrue();
        a.Elector.Term.Should().Be(new LeadershipTerm("a", 0, Start));
        var written = _lock.Current!.Record;
        written.Should().BeEquivalentTo(new LeaderRecord { Holder = "a", AcquireTime = Start, RenewTime = Start, Transitions = 0, Ttl = TimeSpan.FromSeconds(30) });
    }

    [Fact]
    public async Task The_leader_renews_every_loop_wait_keeping_acquire_time_and_term()
    {
        await using var a = new ElectorHarness("a", _lock, _time);
        await a.NextAnnouncementAsync();
        await _lock.NextWriteAsync();

        _time.Advance(TimeSpan.FromSeconds(10));
        var renew = await _lock.NextWriteAsync();

        renew.Record.RenewTime.Should().Be(Start.AddSeconds(10));
        renew.Record.AcquireTime.Should().Be(Start);
        renew.Record.Transitions.Should().Be(0);
    }

    [Fact]
    public async Task A_candidate_takes_an_abandoned_lock_exactly_one_ttl_after_it_last_saw_it_change()
    {
        await using var a = new ElectorHarness("a", _lock, _time, o => o.ReleaseOnStop = false);
        await a.NextAnnouncementAsync();
        await using var b = new ElectorHarness("b", _lock, _time);
        await b.ObservingAsync();
        await a.StopAsync();

        _time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(1));
        _time.Advance(TimeSpan.FromMilliseconds(1));

        (await b.NextAnnouncementAsync()).Should().Be("started 1");
        var taken = _lock.Current!.Record;
        taken.Holder.Should().Be("b");
        taken.AcquireTime.Should().Be(Start.AddSeconds(30), "b acted when its timer fired at exactly ttl, not a millisecond before");
        taken.Transitions.Should().Be(1);
    }

    [Fact]
    public async Task A_graceful_release_hands_over_at_once()
    {
        await using var a = new ElectorHarness("a", _lock, _time);
        await a.NextAnnouncementAsync();
        await using var b = new ElectorHarness("b", _lock, _time);

        (await a.Elector.ReleaseAsync(CancellationToken.None)).Should().BeTrue();

        (await a.NextAnnouncementAsync()).Should().Be("released 0");
        (await b.NextAnnouncementAsync()).Should().Be("started 1");
        _lock.Current!.Record.AcquireTime.Should().Be(Start, "no time had to pass");
    }

    [Fact]
    public async Task A_leader_whose_renewals_hang_steps_down_at_its_deadline_before_the_lease_expires()
    {
        await using var a = new ElectorHarness("a", _lock, _time);
        await a.NextAnnouncementAsync();
        a.Store.Hang();

        _time.Advance(TimeSpan.FromSeconds(10));
        _time.Advance(TimeSpan.FromSeconds(17) - TimeSpan.FromMilliseconds(1));
        a.Elector.IsLeader.Should().BeTrue("the renew deadline is 27 s after the last successful renew started");
        _time.Advance(TimeSpan.FromMilliseconds(1));

        (await a.NextAnnouncementAsync()).Should().Be("stopped 0");
        a.Elector.IsLeader.Should().BeFalse();
        _time.GetUtcNow().Should().BeBefore(Start.AddSeconds(30), "leadership ended before anyone else could take the lock");
        a.Store.Unhang();
    }

    [Fact]
    public async Task A_leader_whose_renewals_fail_retries_then_steps_down_at_its_deadline()
    {
        await using var a = new ElectorHarness("a", _lock, _time);
        await a.NextAnnouncementAsync();
        await _lock.NextWriteAsync();
        a.Store.FailWrites = true;

        for (var second = 1; second <= 26; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        a.Elector.IsLeader.Should().BeTrue();
        _time.Advance(TimeSpan.FromSeconds(1));

        (await a.NextAnnouncementAsync()).Should().Be("stopped 0");
        _lock.Writes.Should().ContainSingle("no renew got through");
    }

    [Fact]
    public async Task With_the_step_down_rule_switched_off_a_leader_whose_renewals_fail_keeps_leading_past_its_deadline()
    {
        // The chaos suite's broken variant (LeaderElectorOptions.StepDownBeforeRenewDeadline, internal): this test
        // pins down what the switch does, so the suite's proof that its checker catches it proves something.
        await using var a = new ElectorHarness("a", _lock, _time, o => o.StepDownBeforeRenewDeadline = false);
        await a.NextAnnouncementAsync();
        await _lock.NextWriteAsync();
        a.Store.FailWrites = true;

        for (var second = 1; second <= 60; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        a.Elector.IsLeader.Should().BeTrue("without the rule nothing ends leadership but another holder");
        _lock.Put(new Dictionary<string, string> { ["leader"] = "b", ["transitions"] = "1", ["ttl"] = "30", ["renewTime"] = "2026-12-04T12:01:00+00:00" });
        (await a.NextAnnouncementAsync()).Should().Be("stopped 0");
    }

    [Fact]
    public async Task A_leader_that_sees_another_holder_steps_down_at_once()
    {
        await using var a = new ElectorHarness("a", _lock, _time);
        await a.NextAnnouncementAsync();

        _lock.Put(new Dictionary<string, string> { ["leader"] = "patroni-x", ["transitions"] = "7", ["ttl"] = "30", ["renewTime"] = "2026-12-04T12:00:00+00:00" });

        (await a.NextAnnouncementAsync()).Should().Be("stopped 0");
        a.Elector.IsLeader.Should().BeFalse();
    }

    [Fact]
    public async Task A_malformed_record_is_held_by_an_unknown_holder_until_it_expires()
    {
        _lock.Put(new Dictionary<string, string> { ["leader"] = "patroni-x", ["transitions"] = "garbage" });
        await using var b = new ElectorHarness("b", _lock, _time);
        await b.ObservingAsync();

        _time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromMilliseconds(1));
        _time.Advance(TimeSpan.FromMilliseconds(1));

        (await b.NextAnnouncementAsync()).Should().Be("started 1");
        _lock.Current!.Record.AcquireTime.Should().Be(Start.AddSeconds(30));
    }

    [Fact]
    public async Task An_ineligible_candidate_never_takes_the_lock()
    {
        var eligibility = Substitute.For<IFailoverEligibility>();
        var checks = System.Threading.Channels.Channel.CreateUnbounded<bool>();
        eligibility.CheckAsync(Arg.Any<LeaderRecord>(), Arg.Any<CancellationToken>()).Returns(_ =>
        {
            checks.Writer.TryWrite(true);
            return ValueTask.FromResult(new EligibilityVerdict(false, "lagging"));
        });
        await using var b = new ElectorHarness("b", _lock, _time, eligibility: eligibility);

        // The lock is free: the candidate asks at once, then again every loop wait, and never writes. The fake clock
        // moves in steps until the next check comes (one jump could land before the elector armed its timer).
        await checks.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        for (var i = 0; i < 2; i++)
        {
            var limit = System.Diagnostics.Stopwatch.StartNew();
            while (!checks.Reader.TryRead(out _))
            {
                limit.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "the candidate should ask again every loop wait");
                _time.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(2);
            }
        }

        _lock.Writes.Should().BeEmpty();
        b.Elector.IsLeader.Should().BeFalse();
    }

    [Fact]
    public async Task A_candidate_whose_lock_was_taken_after_it_decided_to_acquire_does_not_write_over_it()
    {
        // Found by the chaos suite (tests/PgHa.Chaos.Tests, seed 54): the candidate decided on a free lock, then wrote
        // against the version its watch had brought meanwhile, which another member held: the write's version was
        // current, it succeeded, and two members led at once.
        _lock.Put(new Dictionary<string, string> { ["transitions"] = "3", ["acquireTime"] = "2026-12-04T11:00:00+00:00" });
        var taken = 0;
        await using var b = new ElectorHarness("b", _lock, _time, configureElector: elector => elector.DecidedToAcquire = async () =>
        {
            if (Interlocked.Exchange(ref taken, 1) == 0)
            {
                _lock.Put(new Dictionary<string, string> { ["leader"] = "a", ["transitions"] = "4", ["ttl"] = "30", ["renewTime"] = "2026-12-04T12:00:00+00:00" });
                using var seen = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                while (elector.ObservedRecord?.Holder != "a")
                {
                    await Task.Delay(1, seen.Token);
                }
            }
        });

        // a never renews: once its lease has run out b takes the lock, written against a's version, in term 5.
        using (var decided = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            while (b.Elector.ObservedRecord?.Holder != "a")
            {
                await Task.Delay(1, decided.Token);
            }
        }

        _time.Advance(TimeSpan.FromSeconds(30));
        (await b.NextAnnouncementAsync()).Should().Be("started 5", "b may only take a's lock as a new transition");
        _lock.Writes.Should().ContainSingle().Which.Record.AcquireTime.Should().Be(Start.AddSeconds(30), "b may only take a's lock after it expired");
    }

    [Fact]
    public async Task A_candidate_defers_to_a_member_further_ahead_for_one_grace_period()
    {
        await using var a = new ElectorHarness("a", _lock, _time, o => o.ReleaseOnStop = false);
        await a.NextAnnouncementAsync();
        var eligibility = new ReplicationLagEligibility(_ => ValueTask.FromResult<long?>(100), noFailover: false, maximumLag: 1024);
        var members = Substitute.For<IMemberDirectory>();
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        members.GetMembersAsync(Arg.Any<CancellationToken>()).Returns(_ =>
        {
            asked.TrySetResult();
            return ValueTask.FromResult<IReadOnlyList<MemberPosition>>([new MemberPosition("c", 200, false)]);
        });
        await using var b = new ElectorHarness("b", _lock, _time, o => o.HealthierMemberGrace = TimeSpan.FromSeconds(5), eligibility, members);
        await b.ObservingAsync();
        await a.StopAsync();

        _time.Advance(TimeSpan.FromSeconds(30));
        await asked.Task.WaitAsync(TimeSpan.FromSeconds(15));
        _time.Advance(TimeSpan.FromSeconds(5));

        (await b.NextAnnouncementAsync()).Should().Be("started 1");
        _lock.Current!.Record.AcquireTime.Should().Be(Start.AddSeconds(35), "b left the lock to c, ahead of it, for the grace period first");
    }

    [Fact]
    public async Task Stopping_releases_the_lock_when_configured()
    {
        var a = new ElectorHarness("a", _lock, _time);
        await a.NextAnnouncementAsync();

        await a.DisposeAsync();

        _lock.Current!.Record.IsHeld.Should().BeFalse();
        _lock.Current.Record.Transitions.Should().Be(0, "release keeps the other fields, as Patroni's delete_leader does");
    }

    [Fact]
    public void Invalid_options_are_rejected_with_every_setting_named()
    {
        var options = ElectorHarness.Options("Bad Name");
        options.Ttl = TimeSpan.FromSeconds(20);
        options.LoopWait = TimeSpan.FromSeconds(10);

        var act = () => new LeaderElector(options, _lock.For("x"), _time);

        act.Should().Throw<ArgumentException>()
            .WithMessage("*Identity*RFC 1123*")
            .WithMessage("*LoopWait + 2 × RetryTimeout*")
            .WithMessage("*RenewDeadline*");
    }
}
