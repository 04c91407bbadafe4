using PgHa.Election.Expiry;
using PgHa.Election.Records;

namespace PgHa.Election.Tests.Expiry;

public sealed class ExpiryPolicyTests
{
    private const long Frequency = 1_000_000;
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Wall = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static ClockReading At(double seconds, double wallOffsetSeconds = 0) =>
        new((long)(seconds * Frequency), Wall.AddSeconds(seconds + wallOffsetSeconds), Frequency);

    private static RecordReadResult Held(string holder = "a", string renew = "2026-12-04T12:00:00+00:00", string? ttl = "30") =>
        PatroniRecordCodec.Read(new Dictionary<string, string?> { ["leader"] = holder, ["renewTime"] = renew, ["ttl"] = ttl, ["transitions"] = "1" }
            .Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!));

    [Theory]
    [InlineData(29.999999, false)]
    [InlineData(30.0, true)] // free at exactly ttl, not a microsecond early
    [InlineData(31.0, true)]
    public void Observed_time_frees_the_lock_exactly_one_ttl_after_it_was_last_seen_changing(double seconds, bool free)
    {
        var policy = ObservedTimeExpiry.Instance;
        var observation = policy.Observe(null, Held(), At(0));

        var freeAt = policy.FreeAt(observation, Ttl, At(seconds));

        (At(seconds).Timestamp >= freeAt).Should().Be(free);
    }

    [Fact]
    public void Seeing_the_same_record_again_does_not_restart_the_clock_but_a_renewal_does()
    {
        var policy = ObservedTimeExpiry.Instance;
        var first = policy.Observe(null, Held(), At(0));

        var again = policy.Observe(first, Held(), At(10));
        var renewed = policy.Observe(again, Held(renew: "2026-12-04T12:00:10+00:00"), At(10));

        again.ObservedAt.Should().Be(At(0).Timestamp);
        renewed.ObservedAt.Should().Be(At(10).Timestamp);
        policy.FreeAt(renewed, Ttl, At(10)).Should().Be(At(40).Timestamp);
    }

    [Fact]
    public void The_records_ttl_wins_over_the_default()
    {
        var policy = ObservedTimeExpiry.Instance;
        var observation = policy.Observe(null, Held(ttl: "10"), At(0));

        policy.FreeAt(observation, Ttl, At(0)).Should().Be(At(10).Timestamp);
    }

    [Fact]
    public void A_record_without_a_ttl_uses_the_default()
    {
        var observation = ObservedTimeExpiry.Instance.Observe(null, Held(ttl: null), At(0));

        ObservedTimeExpiry.Instance.FreeAt(observation, Ttl, At(0)).Should().Be(At(30).Timestamp);
    }

    [Fact]
    public void A_free_lock_is_free_now()
    {
        var observation = ObservedTimeExpiry.Instance.Observe(null, PatroniRecordCodec.Read(null), At(5));

        ObservedTimeExpiry.Instance.FreeAt(observation, Ttl, At(5)).Should().Be(long.MinValue);
    }

    [Fact]
    public void A_malformed_record_counts_as_held_until_it_expires()
    {
        var read = PatroniRecordCodec.Read(new Dictionary<string, string> { ["leader"] = "", ["transitions"] = "garbage" });
        var observation = ObservedTimeExpiry.Instance.Observe(null, read, At(0));

        observation.CountsAsHeld.Should().BeTrue();
        ObservedTimeExpiry.Instance.FreeAt(observation, Ttl, At(0)).Should().Be(At(30).Timestamp);
    }

    [Theory]
    [InlineData(0, 0, 31.0)] // renewed at 12:00:00, ttl 30, allowance 1: free at 12:00:31
    [InlineData(0, 5, 26.0)] // this machine's wall clock runs 5 s ahead: the rule trusts it, so 5 s early
    [InlineData(0, -5, 36.0)]
    public void Renew_time_trusts_the_wall_clocks_plus_the_allowance(double observedAt, double wallOffset, double freeAtSeconds)
    {
        var policy = new RenewTimeExpiry(TimeSpan.FromSeconds(1));
        var observation = policy.Observe(null, Held(), At(observedAt, wallOffset));

        var freeAt = policy.FreeAt(observation, Ttl, At(observedAt, wallOffset));

        freeAt.Should().Be(At(freeAtSeconds).Timestamp);
    }

    [Fact]
    public void Renew_time_without_a_renew_time_falls_back_to_observed_time()
    {
        var read = PatroniRecordCodec.Read(new Dictionary<string, string> { ["leader"] = "a", ["ttl"] = "30" });
        var policy = new RenewTimeExpiry(TimeSpan.FromSeconds(1));

        policy.FreeAt(policy.Observe(null, read, At(3)), Ttl, At(3)).Should().Be(At(33).Timestamp);
    }
}
