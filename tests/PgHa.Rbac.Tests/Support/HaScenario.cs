using System.Diagnostics;
using Xunit.Abstractions;

namespace PgHa.Rbac.Tests.Support;

/// <summary>
/// The life of a cluster, each step waited for until the cluster is healthy again (one leader, the master Service
/// leading to it, replicas streaming, a synchronous standby recorded): bootstrap (adopting a master Service made
/// before), failover (the leader's node is lost), switchover (a planned hand-over), a duplicate route slice removed
/// and a deleted master Service provisioned again by the operator.
/// </summary>
internal static class HaScenario
{
    public static async Task RunAsync(DatabaseCluster cluster, TimeSpan stepTimeout, ITestOutputHelper? output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        void Step(string what) => output?.WriteLine($"{cluster.Name} {clock.Elapsed.TotalMilliseconds,8:F0} ms  {what}");

        var first = await cluster.WaitHealthyAsync(null, stepTimeout, cancellationToken);
        Step($"bootstrapped: {first.Name} leads and the master Service leads to it");

        await first.CrashAsync();
        var second = await cluster.WaitHealthyAsync(m => m != first, stepTimeout, cancellationToken);
        Step($"failover: {first.Name} lost, {second.Name} leads and routed");

        await second.Agent.SwitchoverAsync(cancellationToken);
        var third = await cluster.WaitHealthyAsync(m => m != second, stepTimeout, cancellationToken);
        Step($"switchover: {second.Name} handed over to {third.Name}, routed");

        var duplicate = await cluster.AddDuplicateRouteAsync(cancellationToken);
        await UntilAsync(async ct => !(await cluster.RouteSlicesAsync(ct)).Contains(duplicate), $"the duplicate route slice {duplicate} to be removed", cluster, stepTimeout, cancellationToken);
        await cluster.WaitHealthyAsync(m => m == third, stepTimeout, cancellationToken);
        Step("drift: the duplicate route slice was removed, the route stayed");

        var deleted = await cluster.DeleteMasterServiceAsync(cancellationToken);
        await UntilAsync(async ct => await cluster.MasterServiceUidAsync(ct) is { } uid && uid != deleted, "the master Service to be provisioned again", cluster, stepTimeout, cancellationToken);
        await cluster.WaitHealthyAsync(m => m == third, stepTimeout, cancellationToken);
        Step("drift: the deleted master Service was provisioned again");
    }

    private static async Task UntilAsync(Func<CancellationToken, Task<bool>> condition, string what, DatabaseCluster cluster, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            while (!await condition(limit.Token))
            {
                await Task.Delay(50, limit.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{cluster.Name}: timed out after {timeout.TotalSeconds:0} s waiting for {what}");
        }
    }
}
