using PgHa.Chaos.Tests.History;
using PgHa.Chaos.Tests.Scenario;
using PgHa.Testing;
using PgHa.Testing.Faults;

namespace PgHa.Chaos.Tests.Suite;

/// <summary>
/// The checker is only worth something if it fails a broken elector. The broken variant switches off the rule that a
/// leader steps down before its renew deadline (LeaderElectorOptions.StepDownBeforeRenewDeadline, internal): the
/// leader is then cut off (its requests and watch hang) for three ttls, long past the moment the others may take the
/// lock, so with the rule off it is certain to believe it leads while another member does.
/// </summary>
public sealed class BrokenVariantTests
{
    private static FaultPlan LeaderCutOff(int seed) => FaultPlan.Fixed(seed, 3,
        new FaultEvent(FaultKind.Partition, FaultPlan.Leader, TimeSpan.FromMilliseconds(600), ChaosTimings.Ttl * 3, Mode: PartitionMode.Hang));

    [Fact]
    public async Task The_checker_reports_two_leaders_when_the_step_down_before_the_deadline_rule_is_off()
    {
        await using var server = await KubeApiServer.StartAsync();

        var result = await ScenarioRunner.RunAsync(server, LeaderCutOff(1), "broken", CheckerLimits.Default,
            configure: options => options.StepDownBeforeRenewDeadline = false);

        var overlaps = result.Violations.Where(v => v.Check == Check.Safety).ToList();
        overlaps.Should().NotBeEmpty(
            "the cut-off leader keeps believing while another takes the lock; history:{0}{1}",
            Environment.NewLine, HistoryExcerpt.Around(result.History, result.History.Origin, TimeSpan.Zero, TimeSpan.FromSeconds(5), 200));
        overlaps.Should().OnlyContain(v => v.Message.Contains("both believed", StringComparison.Ordinal));

        // Not a blip: the beliefs overlap from when another took the lock (a ttl after the last renew) to the heal.
        var leaders = result.History.Beliefs.Select(b => b.Member).Distinct().ToList();
        leaders.Should().HaveCountGreaterThan(1);
        Overlap(result.History).Should().BeGreaterThan(ChaosTimings.RealTtl, "three ttls cut off, one of them waited out by the others");
    }

    private static TimeSpan Overlap(ChaosHistory history)
    {
        var end = history.EndedAt!.Value;
        var longest = 0L;
        foreach (var a in history.Beliefs)
        {
            foreach (var b in history.Beliefs.Where(b => b.Member != a.Member))
            {
                longest = Math.Max(longest, Math.Min(a.End ?? end, b.End ?? end) - Math.Max(a.Start, b.Start));
            }
        }

        return TimeSpan.FromMilliseconds(ChaosHistory.Ms(longest));
    }

    [Fact]
    public async Task With_the_rule_on_the_same_scenario_passes_every_check()
    {
        await using var server = await KubeApiServer.StartAsync();

        var result = await ScenarioRunner.RunAsync(server, LeaderCutOff(1), "intact", CheckerLimits.Default);

        result.Violations.Should().BeEmpty(result.Passed ? string.Empty : result.Report("(fixed plan)"));
        result.History.Beliefs.Select(b => b.Member).Distinct().Should().HaveCountGreaterThan(1, "another member took over from the cut-off leader");
    }
}
