using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Models;
using PgHa.Election;
using PgHa.Routing;
using PgHa.Routing.Resources;
using PgHa.Testing;
using PgHa.Testing.Tests.Support;

namespace PgHa.Operator.Tests.Support;

/// <summary>
/// The embedded API server with the CRD installed and the operator running on its own client ("pgha-operator"), plus
/// the test's helpers to play the agents: member Pods with IPs and locks written as PgHa.Election / Patroni write them.
/// </summary>
internal sealed class OperatorHarness : IAsyncDisposable
{
    public const string OperatorClient = "pgha-operator";
    public const string Namespace = "default";
    public static readonly string[] WriteVerbs = ["create", "update", "patch", "delete", "deletecollection"];

    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    private readonly bool _ownsServer = true;

    private OperatorHarness(KubeApiServer server, OperatorOptions options, bool ownsServer = true)
    {
        Server = server;
        Options = options;
        _ownsServer = ownsServer;
        Operator = new PostgresOperator(server.CreateClient(OperatorClient), options);
        Operator.RouteChanged += (_, e) =>
        {
            lock (RouteChanges)
            {
                RouteChanges.Add(e);
            }
        };
    }

    public KubeApiServer Server { get; }

    public OperatorOptions Options { get; }

    public PostgresOperator Operator { get; }

    public IKubernetes Admin => Server.Client;

    public List<RouteChangedEventArgs> RouteChanges { get; } = [];

    public static async Task<OperatorHarness> StartAsync(Action<OperatorOptions>? configure = null, bool run = true)
    {
        var options = new OperatorOptions { MaxConcurrentReconciles = 4 };
        configure?.Invoke(options);
        var server = await KubeApiServer.StartAsync();
        await PostgresqlCrd.InstallAsync(server.Client, TestTimeouts.Token());
        var harness = new OperatorHarness(server, options);
        if (run)
        {
            await harness.RunAsync();
        }

        return harness;
    }

    /// <summary>The test's helpers on a server someone else runs the operator against (e.g. the executable); waits for the CRD.</summary>
    public static async Task<OperatorHarness> AttachAsync(KubeApiServer server)
    {
        await ApiWaiter.UntilAsync<V1CustomResourceDefinition>(
            async ct =>
            {
                var list = await server.Client.ApiextensionsV1.ListCustomResourceDefinitionAsync(cancellationToken: ct);
                return (list.Items, list.ResourceVersion());
            },
            (v, onError, ct) => server.Client.ApiextensionsV1.WatchListCustomResourceDefinitionAsync(resourceVersion: v, onError: onError, cancellationToken: ct),
            crds => crds.Values.Any(c => c.Name() == "postgresqls.acid.zalan.do" && c.Status?.Conditions?.Any(x => x.Type == "Established" && x.Status == "True") == true),
            what: "the postgresql CRD");
        return new OperatorHarness(server, new OperatorOptions(), ownsServer: false);
    }

    public static string PodName(string cluster, int ordinal) => $"{cluster}-{ordinal}";

    public static string PodIp(int cluster, int ordinal) => $"10.{100 + (cluster / 250)}.{cluster % 250}.{ordinal + 10}";

    public async Task RunAsync()
    {
        _run = Operator.RunAsync(_stop.Token);
        await Operator.WaitForSyncAsync(TestTimeouts.Token());
    }

    /// <summary>Stops the operator as SIGTERM would and waits until it has.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run;
        }
    }

    public long OperatorWrites() => WriteVerbs.Sum(v => Server.RequestLog.Count(OperatorClient, v));

    public long OperatorRequests() => Server.RequestLog.Counts().Where(c => c.Key.Client == OperatorClient).Sum(c => c.Value);

    public Task CreateClusterAsync(string name, string team = "acid", int instances = 3) =>
        CreateRawClusterAsync(name, new Dictionary<string, object>
        {
            ["teamId"] = team,
            ["numberOfInstances"] = instances,
            ["postgresql"] = new Dictionary<string, object> { ["version"] = "15" },
            ["volume"] = new Dictionary<string, object> { ["size"] = "1Gi" },
        });

    public async Task CreateRawClusterAsync(string name, object spec)
    {
        var body = new Dictionary<string, object>
        {
            ["apiVersion"] = "acid.zalan.do/v1",
            ["kind"] = "postgresql",
            ["metadata"] = new Dictionary<string, object> { ["name"] = name, ["namespace"] = Namespace },
            ["spec"] = spec,
        };
        await Admin.CustomObjects.CreateNamespacedCustomObjectAsync(body, "acid.zalan.do", "v1", Namespace, "postgresqls");
    }

    /// <summary>Creates a member Pod as a StatefulSet would, and gives it an IP and readiness as the kubelet would.</summary>
    public async Task<V1Pod> CreateMemberAsync(string cluster, int ordinal, string ip, bool ready = true)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = PodName(cluster, ordinal),
                NamespaceProperty = Namespace,
                Labels = new Dictionary<string, string> { ["application"] = "spilo", ["cluster-name"] = cluster, ["spilo-role"] = "replica" },
            },
            Spec = new V1PodSpec { NodeName = $"node-{ordinal}", Containers = [new V1Container { Name = "postgres", Image = "spilo" }] },
        };
        var created = await Admin.CoreV1.CreateNamespacedPodAsync(pod, Namespace);
        created.Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = ip,
            PodIPs = [new V1PodIP { Ip = ip }],
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
        };
        return await Admin.CoreV1.ReplaceNamespacedPodStatusAsync(created, created.Name(), Namespace);
    }

    /// <summary>Writes the cluster's lock (ConfigMap <c>&lt;cluster&gt;-leader</c> unless configured otherwise) as an agent does.</summary>
    public async Task WriteLockAsync(string cluster, string? holder, long transitions, int ttlSeconds = 30, IKubernetes? client = null)
    {
        client ??= Admin;
        var name = new LeaderElectorOptions { Scope = cluster, Namespace = Namespace, LockKind = Options.LockKind }.EffectiveLockName;
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);
        var annotations = new Dictionary<string, string?>
        {
            ["leader"] = holder ?? string.Empty,
            ["transitions"] = transitions.ToString(CultureInfo.InvariantCulture),
            ["ttl"] = ttlSeconds.ToString(CultureInfo.InvariantCulture),
            ["renewTime"] = now,
            ["acquireTime"] = now,
        };
        var labels = new Dictionary<string, string> { ["application"] = "spilo", ["cluster-name"] = cluster };
        var patch = new V1Patch(JsonSerializer.Serialize(new { metadata = new { annotations } }), V1Patch.PatchType.MergePatch);
        switch (Options.LockKind)
        {
            case LockKind.Endpoints:
                try
                {
                    await client.CoreV1.PatchNamespacedEndpointsAsync(patch, name, Namespace);
                }
                catch (k8s.Autorest.HttpOperationException e) when (e.Response?.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    try
                    {
                        await client.CoreV1.CreateNamespacedEndpointsAsync(
                            new V1Endpoints { Metadata = new V1ObjectMeta { Name = name, Labels = labels, Annotations = annotations! } }, Namespace);
                    }
                    catch (k8s.Autorest.HttpOperationException c) when (c.Response?.StatusCode == System.Net.HttpStatusCode.Conflict)
                    {
                        // In Endpoints mode the operator may create the Service's Endpoints (its route) first: write the lock onto it.
                        await client.CoreV1.PatchNamespacedEndpointsAsync(patch, name, Namespace);
                    }
                }

                break;
            case LockKind.Lease:
                var lease = new V1Lease
                {
                    Metadata = new V1ObjectMeta { Name = name, Labels = labels },
                    Spec = new V1LeaseSpec
                    {
                        HolderIdentity = holder,
                        LeaseTransitions = (int)transitions,
                        LeaseDurationSeconds = ttlSeconds,
                        RenewTime = DateTime.UtcNow,
                        AcquireTime = DateTime.UtcNow,
                    },
                };
                try
                {
                    var existing = await client.CoordinationV1.ReadNamespacedLeaseAsync(name, Namespace);
                    existing.Spec = lease.Spec;
                    await client.CoordinationV1.ReplaceNamespacedLeaseAsync(existing, name, Namespace);
                }
                catch (k8s.Autorest.HttpOperationException e) when (e.Response?.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    await client.CoordinationV1.CreateNamespacedLeaseAsync(lease, Namespace);
                }

                break;
            default:
                try
                {
                    await client.CoreV1.PatchNamespacedConfigMapAsync(patch, name, Namespace);
                }
                catch (k8s.Autorest.HttpOperationException e) when (e.Response?.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    await client.CoreV1.CreateNamespacedConfigMapAsync(
                        new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, Labels = labels, Annotations = annotations! } }, Namespace);
                }

                break;
        }
    }

    /// <summary>The address the cluster's route leads to: null when it leads nowhere; throws while it does not exist.</summary>
    public static string? RouteAddress(IReadOnlyDictionary<string, V1EndpointSlice> slices, string cluster)
    {
        var ours = slices.Values.Where(s => s.GetLabel(RouteMetadata.ServiceNameLabel) == cluster &&
            s.GetLabel(RouteMetadata.ManagedByLabel) == PrimaryRouterOptions.DefaultManagedBy).ToList();
        if (ours.Count != 1)
        {
            return "<" + ours.Count + " slices>";
        }

        var endpoint = ours[0].Endpoints?.SingleOrDefault();
        return endpoint?.Addresses?.SingleOrDefault();
    }

    /// <summary>Waits until every cluster's route leads where <paramref name="expected"/> says (null: nowhere).</summary>
    public Task<IReadOnlyDictionary<string, V1EndpointSlice>> WaitForRoutesAsync(IReadOnlyDictionary<string, string?> expected, TimeSpan? timeout = null) =>
        ApiWaiter.UntilAsync<V1EndpointSlice>(
            async ct =>
            {
                var list = await Admin.DiscoveryV1.ListNamespacedEndpointSliceAsync(Namespace, cancellationToken: ct);
                return (list.Items, list.ResourceVersion());
            },
            (version, onError, ct) => Admin.DiscoveryV1.WatchListNamespacedEndpointSliceAsync(Namespace, resourceVersion: version, allowWatchBookmarks: true, onError: onError, cancellationToken: ct),
            slices => expected.All(e => RouteAddress(slices, e.Key) == e.Value),
            timeout,
            "routes " + string.Join(", ", expected.Take(3).Select(e => $"{e.Key} -> {e.Value ?? "nowhere"}")));

    public Task WaitForRouteAsync(string cluster, string? address) =>
        WaitForRoutesAsync(new Dictionary<string, string?> { [cluster] = address });

    /// <summary>Waits until a cluster's status satisfies <paramref name="done"/>; returns the status.</summary>
    public async Task<JsonElement> WaitForStatusAsync(string cluster, Func<JsonElement, bool> done, TimeSpan? timeout = null)
    {
        var found = await ApiWaiter.UntilAsync<Resource>(
            async ct =>
            {
                var list = Parse(await Admin.CustomObjects.ListNamespacedCustomObjectAsync("acid.zalan.do", "v1", Namespace, "postgresqls", cancellationToken: ct));
                return (list.Items, list.Metadata.ResourceVersion);
            },
            (version, onError, ct) => Resources(Admin.CustomObjects.WatchListNamespacedCustomObjectAsync("acid.zalan.do", "v1", Namespace, "postgresqls",
                resourceVersion: version, allowWatchBookmarks: true, onError: onError, cancellationToken: ct)),
            items => items.TryGetValue(Namespace + "/" + cluster, out var r) && r.Status is { } s && done(s),
            timeout,
            "status of " + cluster);
        return found[Namespace + "/" + cluster].Status!.Value;
    }

    /// <summary>Waits until the statuses of all clusters (by name) satisfy <paramref name="done"/>.</summary>
    public Task WaitForAllStatusesAsync(Func<IReadOnlyDictionary<string, JsonElement>, bool> done, TimeSpan? timeout = null) =>
        ApiWaiter.UntilAsync<Resource>(
            async ct =>
            {
                var list = Parse(await Admin.CustomObjects.ListNamespacedCustomObjectAsync("acid.zalan.do", "v1", Namespace, "postgresqls", cancellationToken: ct));
                return (list.Items, list.Metadata.ResourceVersion);
            },
            (version, onError, ct) => Resources(Admin.CustomObjects.WatchListNamespacedCustomObjectAsync("acid.zalan.do", "v1", Namespace, "postgresqls",
                resourceVersion: version, allowWatchBookmarks: true, onError: onError, cancellationToken: ct)),
            items => done(items.Values.Where(r => r.Status is not null).ToDictionary(r => r.Metadata.Name, r => r.Status!.Value)),
            timeout,
            "statuses");

    public static string? Condition(JsonElement status, string field)
    {
        if (!status.TryGetProperty("conditions", out var conditions))
        {
            return null;
        }

        var route = conditions.EnumerateArray().FirstOrDefault(c => c.GetProperty("type").GetString() == "RouteReady");
        return route.ValueKind == JsonValueKind.Object && route.TryGetProperty(field, out var value) ? value.ToString() : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run;
        }

        await Operator.DisposeAsync();
        if (_ownsServer)
        {
            await Server.DisposeAsync();
        }

        _stop.Dispose();
    }

    private static ResourceList Parse(object value) => KubernetesJson.Deserialize<ResourceList>(((JsonElement)value).GetRawText());

    private static async IAsyncEnumerable<(WatchEventType, Resource)> Resources(IAsyncEnumerable<(WatchEventType, object)> events)
    {
        await foreach (var (type, item) in events)
        {
            yield return (type, KubernetesJson.Deserialize<Resource>(((JsonElement)item).GetRawText()));
        }
    }

    internal sealed class Resource : IKubernetesObject<V1ObjectMeta>
    {
        public string ApiVersion { get; set; } = "acid.zalan.do/v1";

        public string Kind { get; set; } = "postgresql";

        public V1ObjectMeta Metadata { get; set; } = new();

        public JsonElement? Status { get; set; }
    }

    internal sealed class ResourceList
    {
        public V1ListMeta Metadata { get; set; } = new();

        public List<Resource> Items { get; set; } = [];
    }
}
