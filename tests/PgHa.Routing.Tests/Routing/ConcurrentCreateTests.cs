using PgHa.Routing.Resources;
using PgHa.Routing.Tests.Support;
using PgHa.Testing.Faults;

namespace PgHa.Routing.Tests.Routing;

/// <summary>
/// Two routers (two operator replicas, or a lagging one) that both find no slice create one each: a create under a
/// generated name is guarded by no version. Found by the chaos suite (tests/PgHa.Chaos.Tests, e.g. seed 55): each
/// router then kept updating only its own slice, and the master Service led to the old and the new leader at once.
/// Routers without a watch (as here) read once more after such a create; watching routers repair it from their watch.
/// </summary>
public sealed class ConcurrentCreateTests
{
    private static readonly PrimaryTarget Zero = RouteHarness.Member(0, "10.8.112.49");
    private static readonly PrimaryTarget One = RouteHarness.Member(1, "10.8.112.50");

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public async Task Routers_that_create_at_once_leave_one_slice_with_the_newer_term(int staleFirst, int newerFirst)
    {
        await using var harness = await RouteHarness.StartAsync();
        var stale = harness.CreateRouter("router-stale");
        var newer = harness.CreateRouter("router-newer");

        // Both creates are held until both routers have read that there is no slice; which one lands first varies.
        using var holdStale = harness.Server.Faults.Add(new FaultRule { Client = "router-stale", Verb = "create", Latency = TimeSpan.FromMilliseconds(200 + (100 * staleFirst)) });
        using var holdNewer = harness.Server.Faults.Add(new FaultRule { Client = "router-newer", Verb = "create", Latency = TimeSpan.FromMilliseconds(200 + (100 * newerFirst)) });

        var results = await Task.WhenAll(
            stale.RouteAsync(Zero, RouteHarness.Term(Zero, 3), CancellationToken.None),
            newer.RouteAsync(One, RouteHarness.Term(One, 4), CancellationToken.None));

        harness.Server.RequestLog.Count(client: "router-stale", verb: "create").Should().Be(1, "both routers created a slice");
        harness.Server.RequestLog.Count(client: "router-newer", verb: "create").Should().Be(1);
        results[0].Outcome.Should().BeOneOf([RouteOutcome.Fenced, RouteOutcome.Applied], "the stale router's write was either first (and then replaced) or fenced when it read again");
        results[1].Outcome.Should().Be(RouteOutcome.Applied);
        var slice = (await harness.SlicesAsync()).Should().ContainSingle("the stale router's slice is gone").Subject;
        slice.Metadata.Annotations[RouteMetadata.TermAnnotation].Should().Be("4/" + One.PodName);
        slice.Endpoints.Should().ContainSingle().Which.Addresses.Should().Equal("10.8.112.50");
    }

    [Fact]
    public async Task Routers_that_create_the_same_route_at_once_leave_one_slice()
    {
        await using var harness = await RouteHarness.StartAsync();
        var a = harness.CreateRouter("router-a");
        var b = harness.CreateRouter("router-b");
        using var hold = harness.Server.Faults.Add(new FaultRule { Verb = "create", Resource = "endpointslices.discovery.k8s.io", Latency = TimeSpan.FromMilliseconds(200) });

        var results = await Task.WhenAll(
            a.RouteAsync(One, RouteHarness.Term(One, 4), CancellationToken.None),
            b.RouteAsync(One, RouteHarness.Term(One, 4), CancellationToken.None));

        harness.Server.RequestLog.Count(verb: "create", resource: "endpointslices.discovery.k8s.io").Should().Be(2);
        results.Select(r => r.Outcome).Should().AllBeEquivalentTo(RouteOutcome.Applied);
        (await harness.SlicesAsync()).Should().ContainSingle();
    }
}
