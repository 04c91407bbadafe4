using System.Text.Json;
using k8s;
using PgHa.Testing.Tests.Server;
using PgHa.Testing.Tests.Support;

namespace PgHa.Testing.Tests.Kubectl;

/// <summary>
/// The real kubectl against the embedded server, with its default validation: apply the seed's Service and
/// Endpoints from YAML, read them back, patch them three ways, watch, describe, label, annotate, delete, and
/// see the mirrored EndpointSlice with the seed's labels and owner.
/// </summary>
[Trait("Category", "Kubectl")]
public sealed class KubectlTests : IAsyncLifetime
{
    private const string SeedManifest = """
        apiVersion: v1
        kind: Service
        metadata:
          name: acid-minimal-cluster
          labels:
            application: spilo
            cluster-name: acid-minimal-cluster
            spilo-role: master
            team: acid
        spec:
          type: ClusterIP
          ports:
          - name: postgresql
            port: 5432
            protocol: TCP
            targetPort: 5432
        ---
        apiVersion: v1
        kind: Endpoints
        metadata:
          name: acid-minimal-cluster
          labels:
            application: spilo
            cluster-name: acid-minimal-cluster
            spilo-role: master
            team: acid
          annotations:
            acquireTime: "2022-11-18T00:29:41.683512+00:00"
            leader: acid-minimal-cluster-0
            optime: "1090519312"
            renewTime: "2022-11-18T06:18:59.159796+00:00"
            transitions: "5"
            ttl: "30"
        subsets:
        - addresses:
          - ip: 10.8.112.49
            targetRef:
              kind: Pod
              name: acid-minimal-cluster-0
              namespace: default
          ports:
          - name: postgresql
            port: 5432
            protocol: TCP
        """;

    private KubeApiServer _server = null!;
    private Support.Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        _server = await KubeApiServer.StartAsync();
        try
        {
            _kubectl = new Support.Kubectl(_server.CreateKubeconfig("kubectl"));
        }
        catch
        {
            await _server.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        _kubectl?.Dispose();
        await _server.DisposeAsync();
    }

    [SkippableFact]
    public async Task Apply_then_get_yaml_returns_the_seeds_objects()
    {
        var apply = (await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("seed.yaml", SeedManifest))).ShouldSucceed();
        apply.Stdout.Should().Contain("service/acid-minimal-cluster created").And.Contain("endpoints/acid-minimal-cluster created");

        var service = (await _kubectl.RunAsync("get", "service", "acid-minimal-cluster", "-o", "yaml")).ShouldSucceed().Stdout;
        service.Should().Contain("kind: Service").And.Contain("clusterIP: 10.").And.Contain("spilo-role: master").And.NotContain("selector:");
        var endpoints = (await _kubectl.RunAsync("get", "endpoints", "acid-minimal-cluster", "-o", "json")).ShouldSucceed().Stdout;
        using var json = JsonDocument.Parse(endpoints);
        json.RootElement.GetProperty("metadata").GetProperty("annotations").GetProperty("leader").GetString().Should().Be("acid-minimal-cluster-0");
        json.RootElement.GetProperty("subsets")[0].GetProperty("addresses")[0].GetProperty("ip").GetString().Should().Be("10.8.112.49");

        var again = (await _kubectl.RunAsync("apply", "-f", Path.Combine(_kubectl.Directory, "seed.yaml"))).ShouldSucceed();
        again.Stdout.Should().Contain("service/acid-minimal-cluster unchanged").And.Contain("endpoints/acid-minimal-cluster unchanged");
    }

    [SkippableFact]
    public async Task The_mirrored_EndpointSlice_appears_with_the_seeds_labels_and_owner()
    {
        (await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("seed.yaml", SeedManifest))).ShouldSucceed();
        await _server.WaitForControllersAsync(TestTimeouts.Token());

        var slices = (await _kubectl.RunAsync("get", "endpointslices", "-l", "kubernetes.io/service-name=acid-minimal-cluster", "-o", "json")).ShouldSucceed().Stdout;
        using var json = JsonDocument.Parse(slices);
        var slice = json.RootElement.GetProperty("items").EnumerateArray().Should().ContainSingle().Subject;
        var labels = slice.GetProperty("metadata").GetProperty("labels");
        labels.GetProperty("endpointslice.kubernetes.io/managed-by").GetString().Should().Be("endpointslicemirroring-controller.k8s.io");
        labels.GetProperty("application").GetString().Should().Be("spilo");
        labels.GetProperty("team").GetString().Should().Be("acid");
        slice.GetProperty("metadata").GetProperty("name").GetString().Should().StartWith("acid-minimal-cluster-");
        var owner = slice.GetProperty("metadata").GetProperty("ownerReferences")[0];
        owner.GetProperty("kind").GetString().Should().Be("Endpoints");
        owner.GetProperty("name").GetString().Should().Be("acid-minimal-cluster");
        slice.GetProperty("endpoints")[0].GetProperty("addresses")[0].GetString().Should().Be("10.8.112.49");

        var table = (await _kubectl.RunAsync("get", "endpointslices")).ShouldSucceed().Stdout;
        table.Should().Contain("ADDRESSTYPE").And.Contain("IPv4").And.Contain("5432").And.Contain("10.8.112.49");
    }

    [SkippableFact]
    public async Task Patch_merge_strategic_and_json_all_apply()
    {
        (await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("seed.yaml", SeedManifest))).ShouldSucceed();

        (await _kubectl.RunAsync("patch", "endpoints", "acid-minimal-cluster", "--type=merge", "-p", "{\"metadata\":{\"annotations\":{\"leader\":\"acid-minimal-cluster-1\"}}}")).ShouldSucceed();
        (await _kubectl.RunAsync("patch", "endpoints", "acid-minimal-cluster", "--type=strategic", "-p", "{\"metadata\":{\"annotations\":{\"transitions\":\"6\"}}}")).ShouldSucceed();
        (await _kubectl.RunAsync("patch", "endpoints", "acid-minimal-cluster", "--type=json", "-p", "[{\"op\":\"replace\",\"path\":\"/subsets/0/addresses/0/ip\",\"value\":\"10.8.112.50\"}]")).ShouldSucceed();
        (await _kubectl.RunAsync("patch", "service", "acid-minimal-cluster", "-p", "{\"spec\":{\"ports\":[{\"name\":\"patroni\",\"port\":8008}]}}")).ShouldSucceed();

        var endpoints = await _server.Client.CoreV1.ReadNamespacedEndpointsAsync("acid-minimal-cluster", "default");
        endpoints.Metadata.Annotations["leader"].Should().Be("acid-minimal-cluster-1");
        endpoints.Metadata.Annotations["transitions"].Should().Be("6");
        endpoints.Metadata.Annotations["ttl"].Should().Be("30");
        endpoints.Subsets[0].Addresses[0].Ip.Should().Be("10.8.112.50");
        var service = await _server.Client.CoreV1.ReadNamespacedServiceAsync("acid-minimal-cluster", "default");
        service.Spec.Ports.Select(p => p.Name).Should().BeEquivalentTo("postgresql", "patroni");
    }

    [SkippableFact]
    public async Task Label_annotate_describe_and_delete()
    {
        (await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("seed.yaml", SeedManifest))).ShouldSucceed();

        (await _kubectl.RunAsync("label", "service", "acid-minimal-cluster", "spilo-role=replica", "--overwrite")).ShouldSucceed();
        (await _kubectl.RunAsync("annotate", "endpoints", "acid-minimal-cluster", "failsafe={}")).ShouldSucceed();
        var described = (await _kubectl.RunAsync("describe", "service", "acid-minimal-cluster")).ShouldSucceed().Stdout;
        (await _kubectl.RunAsync("delete", "-f", Path.Combine(_kubectl.Directory, "seed.yaml"))).ShouldSucceed();
        await _server.WaitForControllersAsync(TestTimeouts.Token());

        described.Should().Contain("acid-minimal-cluster").And.Contain("spilo-role=replica").And.Contain("5432/TCP");
        (await _server.Client.CoreV1.ListNamespacedServiceAsync("default")).Items.Should().BeEmpty();
        (await _server.Client.CoreV1.ListNamespacedEndpointsAsync("default")).Items.Should().BeEmpty();
        (await _server.Client.DiscoveryV1.ListNamespacedEndpointSliceAsync("default")).Items.Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Get_watch_prints_changes_until_the_request_timeout()
    {
        using var watch = _kubectl.Start(["get", "endpoints", "-w", "-o", "name", "--request-timeout=3s"]);
        var output = watch.StandardOutput.ReadToEndAsync();
        await WaitForWatchersAsync(1);

        await _server.Client.CoreV1.CreateNamespacedEndpointsAsync(SeedObjects.PatroniEndpoints("10.8.112.49"), "default");
        await watch.WaitForExitAsync(TestTimeouts.Token());

        (await output).Should().Contain("endpoints/acid-minimal-cluster");
    }

    [SkippableFact]
    public async Task Custom_resources_apply_and_print_their_columns()
    {
        const string Crd = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: postgresqls.acid.zalan.do
            spec:
              group: acid.zalan.do
              scope: Namespaced
              names: {kind: postgresql, listKind: postgresqlList, plural: postgresqls, singular: postgresql, shortNames: [pg]}
              versions:
              - name: v1
                served: true
                storage: true
                subresources: {status: {}}
                additionalPrinterColumns:
                - {name: Team, type: string, jsonPath: .spec.teamId}
                - {name: Pods, type: integer, jsonPath: .spec.numberOfInstances}
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          teamId: {type: string}
                          numberOfInstances: {type: integer}
                      status: {type: object, x-kubernetes-preserve-unknown-fields: true}
            """;
        const string Cluster = """
            apiVersion: acid.zalan.do/v1
            kind: postgresql
            metadata: {name: acid-minimal-cluster}
            spec: {teamId: acid, numberOfInstances: 2}
            """;

        (await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("crd.yaml", Crd))).ShouldSucceed();
        (await _kubectl.RunAsync("wait", "--for=condition=Established", "crd/postgresqls.acid.zalan.do", "--timeout=15s")).ShouldSucceed();
        (await _kubectl.RunAsync("apply", "-f", _kubectl.WriteFile("cluster.yaml", Cluster))).ShouldSucceed();
        var table = (await _kubectl.RunAsync("get", "pg")).ShouldSucceed().Stdout;

        table.Should().Contain("TEAM").And.Contain("PODS").And.Contain("acid-minimal-cluster").And.Contain("acid");
    }

    private async Task WaitForWatchersAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnRecorded(Diagnostics.RequestRecord r)
        {
            // kubectl sends no token over plain HTTP (client-go only does over TLS), so it is known by its User-Agent.
            if (_server.RequestLog.Snapshot().Count(r => r.Verb == "watch" && r.Client.StartsWith("kubectl/", StringComparison.Ordinal)) >= count)
            {
                opened.TrySetResult();
            }
        }

        _server.RequestLog.Recorded += OnRecorded;
        try
        {
            OnRecorded(null!);
            try
            {
                await opened.Task.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("no kubectl watch opened; requests: " + string.Join("; ", _server.RequestLog.Snapshot().Select(r => $"{r.Client} {r.Verb} {r.Resource} {r.StatusCode}")));
            }
        }
        finally
        {
            _server.RequestLog.Recorded -= OnRecorded;
        }
    }
}
