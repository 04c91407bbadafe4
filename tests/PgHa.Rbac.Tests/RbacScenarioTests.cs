using PgHa.Rbac.Tests.Support;
using PgHa.Testing.Tests.Support;
using Xunit.Abstractions;

namespace PgHa.Rbac.Tests;

/// <summary>The operator and the agents of two clusters, each under its own service account and the shipped manifests, on an RBAC-enforcing server.</summary>
public sealed class RbacScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Bootstrap_failover_switchover_and_drift_repair_work_under_the_manifests_with_nothing_refused()
    {
        await using var environment = await RbacEnvironment.StartAsync();
        var a = await environment.AddClusterAsync("acid-minimal-cluster");
        var b = await environment.AddClusterAsync("acid-second-cluster");

        await Task.WhenAll(
            HaScenario.RunAsync(a, TimeSpan.FromSeconds(20), output, TestTimeouts.Token()),
            HaScenario.RunAsync(b, TimeSpan.FromSeconds(20), output, TestTimeouts.Token()));

        var log = environment.Server.RequestLog.Snapshot();
        environment.Refusals().Should().BeEmpty("the manifests grant everything the operator and the agents do");
        a.Members.Concat(b.Members).Should().OnlyContain(m => m.Failure == null);
        log.Where(r => r.Client == "operator").Should().OnlyContain(r => r.User == "system:serviceaccount:default:pgha-operator");
        log.Where(r => r.Client.StartsWith("acid-minimal-cluster-", StringComparison.Ordinal)).Should().NotBeEmpty()
            .And.OnlyContain(r => r.User == "system:serviceaccount:default:acid-minimal-cluster-agent");
        log.Where(r => r.Client.StartsWith("acid-second-cluster-", StringComparison.Ordinal)).Should().NotBeEmpty()
            .And.OnlyContain(r => r.User == "system:serviceaccount:default:acid-second-cluster-agent");
        foreach (var group in log.Where(r => r.User is not null && r.Client != "admin")
            .GroupBy(r => (r.User, r.Verb, r.Resource, r.Subresource)).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal))
        {
            output.WriteLine($"{group.Key}: {group.Count()} requests");
        }
    }
}
