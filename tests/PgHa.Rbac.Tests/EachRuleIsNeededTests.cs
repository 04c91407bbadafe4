using System.Collections.Concurrent;
using System.Diagnostics;
using PgHa.Rbac.Tests.Support;
using Xunit.Abstractions;

namespace PgHa.Rbac.Tests;

/// <summary>
/// Least privilege, checked: for every verb of every rule of the shipped Roles, the scenario runs with that verb
/// removed, and the component is refused (a 403 for that verb and resource in the request log) and the scenario does
/// not reach its goal. One verb only degrades the cluster: without the lock's watch the agents learn of lock changes
/// at their next loop instead of at once (PgHa.Election falls back to reading the lock), so there only the 403 is asserted.
/// </summary>
public sealed class EachRuleIsNeededTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Removing_any_verb_of_any_rule_gets_the_component_refused_and_the_scenario_fails()
    {
        var variants = RuleVariant.All();
        variants.Should().HaveCountGreaterThan(15);
        var results = new ConcurrentBag<(RuleVariant Variant, bool Refused, string Outcome, TimeSpan Took)>();
        using var slots = new SemaphoreSlim(Math.Max(4, Environment.ProcessorCount * 3));
        await Task.WhenAll(variants.Select(async variant =>
        {
            await slots.WaitAsync();
            try
            {
                results.Add(await RunAsync(variant));
            }
            finally
            {
                slots.Release();
            }
        }));

        foreach (var (variant, refused, outcome, took) in results.OrderBy(r => r.Variant.ToString(), StringComparer.Ordinal))
        {
            output.WriteLine($"{variant}: {(refused ? "403" : "NO 403")}, {outcome} ({took.TotalSeconds:0.0} s)");
        }

        results.Where(r => !r.Refused).Select(r => r.Variant.ToString()).Should().BeEmpty("every verb of every rule is used by the scenario");
        results.Where(r => r.Outcome == "goal reached" && !Degrades(r.Variant)).Select(r => r.Variant.ToString())
            .Should().BeEmpty("without any one verb the scenario fails");
    }

    // The lock watch only makes the agents react sooner (see the summary).
    private static bool Degrades(RuleVariant variant) =>
        variant is { Component: "agent", Verb: "watch" } && variant.Resources.SequenceEqual(["configmaps"]);

    private static async Task<(RuleVariant, bool, string, TimeSpan)> RunAsync(RuleVariant variant)
    {
        var clock = Stopwatch.StartNew();
        await using var environment = await RbacEnvironment.StartAsync(variant.Manifest("operator"));
        var cluster = await environment.AddClusterAsync(RuleVariant.Cluster, variant.Manifest("agent"));
        string outcome;
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            await HaScenario.RunAsync(cluster, StepTimeout, null, limit.Token);
            outcome = "goal reached";
        }
        catch (TimeoutException e)
        {
            outcome = "failed: " + e.Message;
        }

        var refused = environment.Server.RequestLog.Snapshot().Any(variant.Refused);
        return (variant, refused, outcome, clock.Elapsed);
    }
}
