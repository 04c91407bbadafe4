using System.Diagnostics;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using PgHa.Election.Records;
using PgHa.Election.Stores;
using PgHa.Testing;

namespace PgHa.Election.Tests.Integration;

/// <summary>The lock as Patroni reads and writes it: our writes have Patroni's shape, and a Patroni holder is respected.</summary>
public sealed partial class PatroniCompatibilityTests
{
    [Fact]
    public async Task The_lock_we_write_on_Endpoints_has_exactly_Patronis_annotations_and_formats()
    {
        await using var server = await KubeApiServer.StartAsync();
        await server.Client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = "acid-minimal-cluster", Annotations = new Dictionary<string, string> { ["slots"] = "{\"a\":1}", ["failsafe"] = "{}" } },
        }, "default");
        var options = Support.ElectorCluster.Options("acid-minimal-cluster-0", LockKind.Endpoints);
        await using var elector = new LeaderElector(options, LockStores.Create(server.Client, options), optime: _ => ValueTask.FromResult<long?>(1090519312));
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        elector.LeadershipStarted += (_, _) => started.TrySetResult();
        var run = elector.RunAsync(stop.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(15));

        var annotations = (await server.Client.CoreV1.ReadNamespacedEndpointsAsync("acid-minimal-cluster", "default")).Metadata.Annotations;
        await stop.CancelAsync();
        await run;

        annotations.Keys.Should().BeEquivalentTo(["leader", "acquireTime", "renewTime", "transitions", "ttl", "optime", "slots", "failsafe"]);
        annotations["leader"].Should().Be("acid-minimal-cluster-0");
        annotations["transitions"].Should().Be("0");
        annotations["ttl"].Should().Be("2");
        annotations["optime"].Should().Be("1090519312");
        annotations["acquireTime"].Should().MatchRegex(PythonIsoFormat().ToString());
        annotations["renewTime"].Should().MatchRegex(PythonIsoFormat().ToString());
        annotations["slots"].Should().Be("{\"a\":1}", "annotations we do not own survive our writes");
        annotations["failsafe"].Should().Be("{}");
    }

    [Theory]
    [InlineData(LockKind.Endpoints)]
    [InlineData(LockKind.ConfigMap)]
    public async Task A_lock_a_Patroni_member_holds_and_renews_is_respected_and_taken_after_it_stops(LockKind kind)
    {
        await using var server = await KubeApiServer.StartAsync();
        var options = Support.ElectorCluster.Options("pgha-0", kind);
        var patroni = new PatroniWriter(server.Client, kind, options.EffectiveLockName);
        await patroni.AcquireAsync();
        await using var elector = new LeaderElector(options, LockStores.Create(server.CreateClient("pgha-0"), options));
        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        elector.LeadershipStarted += (_, _) => started.TrySetResult(Stopwatch.GetTimestamp());
        var run = elector.RunAsync(stop.Token);

        // Patroni renews every loop wait for three ttls; PgHa must not take the lock meanwhile.
        var renewals = (int)(3 * Support.ElectorCluster.Ttl / Support.ElectorCluster.LoopWait);
        for (var i = 0; i < renewals; i++)
        {
            await patroni.RenewAsync(Support.ElectorCluster.LoopWait);
            started.Task.IsCompleted.Should().BeFalse("the Patroni member holds the lock and renews it");
        }

        var lastRenew = Stopwatch.GetTimestamp();
        var tookOver = await started.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await stop.CancelAsync();
        await run;

        Stopwatch.GetElapsedTime(lastRenew, tookOver).Should().BeGreaterThanOrEqualTo(Support.ElectorCluster.Ttl - TimeSpan.FromMilliseconds(50));
        elector.ObservedRecord!.Transitions.Should().Be(8, "Patroni's term 7 plus one new holder");
    }

    // Python's datetime.isoformat() in UTC, as Patroni writes times.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00$")]
    private static partial Regex PythonIsoFormat();

    /// <summary>Writes the lock exactly as Patroni 3 does: strategic merge PATCHes of string annotations with the resourceVersion read.</summary>
    private sealed class PatroniWriter(IKubernetes client, LockKind kind, string name)
    {
        private string? _version;

        public async Task AcquireAsync()
        {
            var now = PatroniRecordCodec.FormatTime(DateTimeOffset.UtcNow);
            var metadata = new V1ObjectMeta
            {
                Name = name,
                Annotations = new Dictionary<string, string> { ["leader"] = "patroni-0", ["ttl"] = "2", ["renewTime"] = now, ["acquireTime"] = now, ["transitions"] = "7" },
            };
            _version = kind == LockKind.Endpoints
                ? (await client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints { Metadata = metadata }, "default")).Metadata.ResourceVersion
                : (await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = metadata }, "default")).Metadata.ResourceVersion;
        }

        public async Task RenewAsync(TimeSpan loopWait)
        {
            // Patroni's loop: sleep loop_wait, then renew (waiting here is the writer's schedule, not a test waiting for a result).
            await Task.Delay(loopWait);
            var body = new System.Text.Json.Nodes.JsonObject
            {
                ["metadata"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["resourceVersion"] = _version,
                    ["annotations"] = new System.Text.Json.Nodes.JsonObject
                    {
                        ["leader"] = "patroni-0", ["ttl"] = "2", ["renewTime"] = PatroniRecordCodec.FormatTime(DateTimeOffset.UtcNow), ["transitions"] = "7",
                    },
                },
            };
            var patch = new V1Patch(body.ToJsonString(), V1Patch.PatchType.StrategicMergePatch);
            _version = kind == LockKind.Endpoints
                ? (await client.CoreV1.PatchNamespacedEndpointsAsync(patch, name, "default")).Metadata.ResourceVersion
                : (await client.CoreV1.PatchNamespacedConfigMapAsync(patch, name, "default")).Metadata.ResourceVersion;
        }
    }
}
