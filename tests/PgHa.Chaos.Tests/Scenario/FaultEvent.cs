using System.Globalization;
using PgHa.Testing.Faults;

namespace PgHa.Chaos.Tests.Scenario;

/// <summary>One fault of a scenario's schedule. Times are in elector time from the scenario's start.</summary>
/// <param name="Kind">What happens.</param>
/// <param name="Target">The client it hits: a member (<c>m0</c>...) or a follower (<c>follower-a</c>, <c>follower-b</c>).</param>
/// <param name="At">When it starts.</param>
/// <param name="Duration">How long it lasts (zero for instant faults).</param>
/// <param name="Rule">For rule faults: the rule, without its client (filled in with the scenario's client names).</param>
/// <param name="Mode">For partitions: hang or fail.</param>
/// <param name="Rate">For drift: the factor on the member's clock rate.</param>
internal sealed record FaultEvent(FaultKind Kind, string Target, TimeSpan At, TimeSpan Duration, FaultRule? Rule = null, PartitionMode Mode = PartitionMode.Hang, double Rate = 1)
{
    public TimeSpan End => At + Duration;

    public override string ToString()
    {
        var at = $"{At.TotalMilliseconds,6:0}ms +{Duration.TotalMilliseconds,5:0}ms";
        var detail = Kind switch
        {
            FaultKind.Drift => $"clock rate x{Rate.ToString("0.000", CultureInfo.InvariantCulture)}",
            FaultKind.Partition => Mode.ToString().ToLowerInvariant(),
            _ when Rule is { } r => $"verb={r.Verb ?? "*"} p={r.Probability.ToString("0.00", CultureInfo.InvariantCulture)}" +
                (r.StatusCode is { } code ? $" status={code}{(r.AfterHandling ? " after-commit" : string.Empty)}" : string.Empty) +
                (r.Latency > TimeSpan.Zero || r.LatencyJitter > TimeSpan.Zero ? $" latency={r.Latency.TotalMilliseconds:0}+{r.LatencyJitter.TotalMilliseconds:0}ms(real)" : string.Empty),
            _ => string.Empty,
        };
        return $"{at} {Kind,-14} {Target,-10} {detail}";
    }
}
