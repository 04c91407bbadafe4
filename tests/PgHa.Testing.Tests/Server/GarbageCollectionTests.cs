using k8s;
using k8s.Models;
using PgHa.Testing.Tests.Support;

namespace PgHa.Testing.Tests.Server;

/// <summary>Owner references and the three propagation policies, as kube's garbage collector applies them.</summary>
public sealed class GarbageCollectionTests : IAsyncLifetime
{
    private KubeApiServer _server = null!;

    private IKubernetes Client => _server.Client;

    public async Task InitializeAsync() => _server = await KubeApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Background_deletion_removes_dependents_after_the_owner()
    {
        var owner = await CreateOwnerAsync();
        await CreateDependentAsync("d1", owner);
        await CreateDependentAsync("d2", owner);

        await Client.CoreV1.DeleteNamespacedServiceAsync(owner.Metadata.Name, "default");
        await _server.WaitForControllersAsync(TestTimeouts.Token());

        (await Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task Foreground_deletion_keeps_the_owner_until_blocking_dependents_are_gone()
    {
        var owner = await CreateOwnerAsync();
        await CreateDependentAsync("d1", owner, finalizer: "example.com/hold");
        await using var watch = new WatchRecorder<V1Service>((onError, ct) =>
            Client.CoreV1.WatchListNamespacedServiceAsync("default", resourceVersion: owner.Metadata.ResourceVersion, onError: onError, cancellationToken: ct));

        await Client.CoreV1.DeleteNamespacedServiceAsync(owner.Metadata.Name, "default", new V1DeleteOptions { PropagationPolicy = "Foreground" });
        var terminating = await watch.WaitForAsync((type, s) => type == WatchEventType.Modified && s.Metadata.DeletionTimestamp is not null);
        terminating.Object.Metadata.Finalizers.Should().Contain("foregroundDeletion");
        await _server.WaitForControllersAsync(TestTimeouts.Token());
        (await Client.CoreV1.ListNamespacedServiceAsync("default")).Items.Should().ContainSingle("the held dependent blocks the owner");

        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"metadata\":{\"finalizers\":null}}", V1Patch.PatchType.MergePatch), "d1", "default");
        await watch.WaitForAsync((type, _) => type == WatchEventType.Deleted);
        (await Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task Orphan_deletion_keeps_dependents_and_strips_their_owner_reference()
    {
        var owner = await CreateOwnerAsync();
        await CreateDependentAsync("d1", owner);

        await Client.CoreV1.DeleteNamespacedServiceAsync(owner.Metadata.Name, "default", new V1DeleteOptions { PropagationPolicy = "Orphan" });
        await _server.WaitForControllersAsync(TestTimeouts.Token());

        (await Client.CoreV1.ListNamespacedServiceAsync("default")).Items.Should().BeEmpty();
        var dependent = await Client.CoreV1.ReadNamespacedConfigMapAsync("d1", "default");
        dependent.Metadata.OwnerReferences.Should().BeNullOrEmpty();
    }

    [Fact]
    public async Task An_object_whose_owner_never_existed_is_collected()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta
            {
                Name = "orphan",
                OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Service", Name = "ghost", Uid = Guid.NewGuid().ToString() }],
            },
        }, "default");
        await _server.WaitForControllersAsync(TestTimeouts.Token());

        (await Client.CoreV1.ListNamespacedConfigMapAsync("default")).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task A_dependent_with_another_live_owner_survives_and_loses_only_the_dead_reference()
    {
        var a = await CreateOwnerAsync("owner-a");
        var b = await CreateOwnerAsync("owner-b");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "shared", OwnerReferences = [Reference(a), Reference(b)] },
        }, "default");

        await Client.CoreV1.DeleteNamespacedServiceAsync("owner-a", "default");
        await _server.WaitForControllersAsync(TestTimeouts.Token());

        var shared = await Client.CoreV1.ReadNamespacedConfigMapAsync("shared", "default");
        shared.Metadata.OwnerReferences.Select(r => r.Name).Should().Equal("owner-b");
    }

    private Task<V1Service> CreateOwnerAsync(string name = "owner") =>
        Client.CoreV1.CreateNamespacedServiceAsync(SeedObjects.MasterService(name), "default");

    private Task<V1ConfigMap> CreateDependentAsync(string name, V1Service owner, string? finalizer = null) =>
        Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                OwnerReferences = [Reference(owner)],
                Finalizers = finalizer is null ? null : [finalizer],
            },
        }, "default");

    private static V1OwnerReference Reference(V1Service owner) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        BlockOwnerDeletion = true,
    };
}
