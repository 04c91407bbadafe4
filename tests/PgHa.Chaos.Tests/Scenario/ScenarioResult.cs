using PgHa.Chaos.Tests.History;

namespace PgHa.Chaos.Tests.Scenario;

/// <summary>One scenario's outcome: its plan, history, violations, and what it injected.</summary>
internal sealed record ScenarioResult(FaultPlan Plan, ChaosHistory History, IReadOnlyList<Violation> Violations, IReadOnlyDictionary<FaultKind, int> Faults, TimeSpan Duration)
{
    public bool Passed => Violations.Count == 0;

    /// <summary>Everything a person needs to look at a failing seed: the violations, the schedule, and the history around the first violation.</summary>
    public string Report(string replayCommand)
    {
        var first = Violations.OrderBy(v => v.At).First();
        return $"""
            seed {Plan.Seed} FAILED ({Violations.Count} violation(s)). Replay: {replayCommand}
            {string.Join(Environment.NewLine, Violations.Select(v => $"  [{v.Check}] at {History.At(v.At)}: {v.Message}"))}
            fault schedule (times from the start, elector time):
            {Plan.Describe()}
            applied (real time):
            {string.Join(Environment.NewLine, History.Faults.Select(f => $"  {History.At(f.From)}{(f.To is { } to ? " .. " + History.At(to) : string.Empty)} {f.Kind} {f.Target}"))}
            history around {History.At(first.At)}:
            {HistoryExcerpt.Around(History, first.At, ChaosTimings.RealTtl * 2, ChaosTimings.RealTtl)}
            """;
    }
}
