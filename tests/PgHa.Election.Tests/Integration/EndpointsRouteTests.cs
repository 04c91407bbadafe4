using k8s;
using k8s.Models;
using PgHa.Election.Records;
using PgHa.Election.Stores;
using PgHa.Testing;

namespace PgHa.Election.Tests.Integration;

/// <summary>On an Endpoints lock the route rides in the same compare-and-swap as the lock, and the mirrored slice follows.</summary>
public sealed class EndpointsRouteTests
{
    [Fact]
    public async Task The_leaders_address_is_written_with_the_lock_and_cleared_with_its_release()
    {
        await using var server = await KubeApiServer.StartAsync();
        await server.Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "acid-minimal-cluster" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "postgresql", Port = 5432 }] },
        }, "default");
        var options = Support.ElectorCluster.Options("acid-minimal-cluster-0", LockKind.Endpoints);
        var route = new FixedRoute("127.0.0.2", "acid-minimal-cluster-0");
        await using var elector = new LeaderElector(options, LockStores.Create(server.Client, options, route));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        elector.LeadershipStarted += (_, _) => started.TrySetResult();
        using var stop = new CancellationTokenSource();
        var run = elector.RunAsync(stop.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(15));

        var endpoints = await server.Client.CoreV1.ReadNamespacedEndpointsAsync("acid-minimal-cluster", "default");
        endpoints.Metadata.Annotations["leader"].Should().Be("acid-minimal-cluster-0");
        endpoints.Subsets.Should().ContainSingle().Which.Addresses.Should().ContainSingle().Which.Ip.Should().Be("127.0.0.2");
        await server.WaitForControllersAsync(new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);
        var slice = (await server.Client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default")).Items.Should().ContainSingle().Subject;
        slice.Endpoints.Should().ContainSingle().Which.Addresses.Should().Equal("127.0.0.2");

        (await elector.ReleaseAsync(CancellationToken.None)).Should().BeTrue();
        var released = await server.Client.CoreV1.ReadNamespacedEndpointsAsync("acid-minimal-cluster", "default");
        await stop.CancelAsync();
        await run;

        released.Metadata.Annotations.Should().NotContainKey("leader");
        released.Subsets.Should().BeNullOrEmpty("no leader, no route: clients fail fast instead of reaching a demoted primary");
    }

    private sealed class FixedRoute(string ip, string pod) : IEndpointsWriteContributor
    {
        public IList<V1EndpointSubset>? SubsetsFor(LeaderRecord record) => record.IsHeld
            ? [new V1EndpointSubset
            {
                Addresses = [new V1EndpointAddress { Ip = ip, TargetRef = new V1ObjectReference { Kind = "Pod", Name = pod, NamespaceProperty = "default" } }],
                Ports = [new Corev1EndpointPort { Name = "postgresql", Port = 5432, Protocol = "TCP" }],
            }]
            : [];
    }
}
