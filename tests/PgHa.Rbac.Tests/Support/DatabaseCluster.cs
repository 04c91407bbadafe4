using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PgHa.Agent;
using PgHa.Agent.Postgres;
using PgHa.Agent.Postgres.Simulated;
using PgHa.Agent.Tests.Support;
using PgHa.Demo.Cluster;
using PgHa.Testing.Tests.Support;

namespace PgHa.Rbac.Tests.Support;

/// <summary>
/// One database cluster of three simulated members, each a Pod (created by the admin, playing the StatefulSet
/// controller and the kubelet), a <see cref="SimulatedPostgres"/> and an agent running under the cluster's service
/// account; the master Service's forwarder follows the route the operator writes.
/// </summary>
internal sealed class DatabaseCluster : IAsyncDisposable
{
    public const int Size = 3;

    private readonly RbacEnvironment _environment;
    // The demo's loopback "Pod IPs" (127.x.y.11, .12, ...) on one shared port; a fresh subnet per cluster.
    private readonly DemoNetwork _network = DemoNetwork.Choose(Random.Shared.Next(), Size);
    private readonly ServiceForwarder _forwarder;

    // Where the master Service leads now (kube-proxy's view of the slices), read by the forwarder on each Refresh.
    private volatile IPEndPoint? _route;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Member> _members = [];
    private Task _follow = Task.CompletedTask;

    public DatabaseCluster(RbacEnvironment environment, string name)
    {
        _environment = environment;
        Name = name;
        _forwarder = new ServiceForwarder(() => _route);
    }

    public string Name { get; }

    public IReadOnlyList<Member> Members => _members;

    /// <summary>The member the master Service forwards to now, or null.</summary>
    public Member? Routed => _route is { } target ? _members.FirstOrDefault(m => Equals(m.Address, target.Address)) : null;

    public Member? Leader => _members.FirstOrDefault(m => m.Alive && m.Agent.IsLeader);

    public string PodName(int ordinal) => $"{Name}-{ordinal}";

    public async Task StartAsync()
    {
        var admin = _environment.Admin;

        // A master Service made before PgHa ran (by Zalando's operator, say): the operator adopts it with a patch.
        await admin.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = Name },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "postgresql", Port = 5432, Protocol = "TCP" }] },
        }, RbacEnvironment.Namespace, cancellationToken: TestTimeouts.Token());
        await admin.CustomObjects.CreateNamespacedCustomObjectAsync(Manifest(), "acid.zalan.do", "v1", RbacEnvironment.Namespace, "postgresqls", cancellationToken: TestTimeouts.Token());
        _follow = Task.Run(() => FollowRouteAsync(_stop.Token));
        for (var i = 0; i < Size; i++)
        {
            var name = PodName(i);
            var address = _network.Members[i];
            await CreatePodAsync(name, address);
            var instance = new SimulatedPostgres(name, address.ToString(), _network.Port);
            var client = _environment.Server.CreateServiceAccountClient(RbacEnvironment.Namespace, Manifests.AgentAccount(Name), name);
            var agent = new PostgresAgent(client, new AgentOptions
            {
                ClusterName = Name,
                Namespace = RbacEnvironment.Namespace,
                PodName = name,
                Ttl = TimeSpan.FromSeconds(3),
                LoopWait = TimeSpan.FromMilliseconds(500),
                RetryTimeout = TimeSpan.FromSeconds(1),
                HealthCheckInterval = TimeSpan.FromMilliseconds(100),
                Primary = new PrimaryAddress(_forwarder.Address.Address.ToString(), _forwarder.Address.Port),
                PostmasterFailurePolicy = PostmasterFailurePolicy.ReleaseLock,
                ReportReadiness = true,
            }, instance);
            _members.Add(new Member(name, address, instance, agent, client));
        }

        foreach (var member in _members)
        {
            member.Start();
        }
    }

    /// <summary>
    /// Null when healthy: one member leads, the master Service forwards to it, every other live member is a replica and
    /// a synchronous standby is recorded; else what is missing.
    /// </summary>
    public async Task<string?> HealthAsync(CancellationToken cancellationToken)
    {
        if (Leader is not { } leader)
        {
            return "no member leads";
        }

        if (Routed != leader)
        {
            return $"the master Service leads to {Routed?.Name ?? "nothing"}, not {leader.Name}";
        }

        var lagging = _members.Where(m => m.Alive && m != leader && m.Agent.Role != "replica").Select(m => $"{m.Name} is {m.Agent.Role}").ToList();
        if (lagging.Count > 0)
        {
            return string.Join(", ", lagging);
        }

        var resource = await _environment.Admin.CustomObjects.GetNamespacedCustomObjectAsync("acid.zalan.do", "v1", RbacEnvironment.Namespace, "postgresqls", Name, cancellationToken: cancellationToken);
        var reported = ((System.Text.Json.JsonElement)resource).TryGetProperty("status", out var status) && status.TryGetProperty("leader", out var l) ? l.GetString() : null;
        if (reported != leader.Name)
        {
            return $"the postgresql status names {reported ?? "no leader"}, not {leader.Name}";
        }

        try
        {
            var sync = await _environment.Admin.CoreV1.ReadNamespacedConfigMapAsync(Name + "-sync", RbacEnvironment.Namespace, cancellationToken: cancellationToken);
            return sync.Metadata.Annotations?.TryGetValue("sync_standby", out var standby) == true && standby.Length > 0 ? null : "no synchronous standby is recorded";
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return "no -sync object yet";
        }
    }

    /// <summary>Waits until <see cref="HealthAsync"/> holds and the leader satisfies <paramref name="leader"/>; returns the leader.</summary>
    public async Task<Member> WaitHealthyAsync(Func<Member, bool>? leader, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        string? state = null;
        try
        {
            while (true)
            {
                state = await HealthAsync(limit.Token);
                if (state is null && Leader is { } current && (leader is null || leader(current)))
                {
                    return current;
                }

                state ??= $"{Leader?.Name} leads";
                await Task.Delay(50, limit.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} did not become healthy in {timeout.TotalSeconds:0} s: {state}");
        }
    }

    /// <summary>Drift: a second route slice, as a restored backup might leave; returns its name (the operator deletes it).</summary>
    public async Task<string> AddDuplicateRouteAsync(CancellationToken cancellationToken)
    {
        var slices = await _environment.Admin.DiscoveryV1.ListNamespacedEndpointSliceAsync(RbacEnvironment.Namespace,
            labelSelector: "kubernetes.io/service-name=" + Name, cancellationToken: cancellationToken);
        var route = slices.Items.Single();
        var duplicate = new V1EndpointSlice
        {
            Metadata = new V1ObjectMeta { Name = Name + "-duplicate", Labels = route.Metadata.Labels, Annotations = route.Metadata.Annotations },
            AddressType = route.AddressType,
            Endpoints = route.Endpoints,
            Ports = route.Ports,
        };
        await _environment.Admin.DiscoveryV1.CreateNamespacedEndpointSliceAsync(duplicate, RbacEnvironment.Namespace, cancellationToken: cancellationToken);
        return duplicate.Metadata.Name;
    }

    /// <summary>Drift: the master Service deleted (the operator provisions it again); returns its uid.</summary>
    public async Task<string> DeleteMasterServiceAsync(CancellationToken cancellationToken)
    {
        var service = await _environment.Admin.CoreV1.ReadNamespacedServiceAsync(Name, RbacEnvironment.Namespace, cancellationToken: cancellationToken);
        await _environment.Admin.CoreV1.DeleteNamespacedServiceAsync(Name, RbacEnvironment.Namespace, cancellationToken: cancellationToken);
        return service.Metadata.Uid;
    }

    /// <summary>The master Service's uid, or null when there is none.</summary>
    public async Task<string?> MasterServiceUidAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await _environment.Admin.CoreV1.ReadNamespacedServiceAsync(Name, RbacEnvironment.Namespace, cancellationToken: cancellationToken)).Metadata.Uid;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The names of the cluster's route slices.</summary>
    public async Task<IReadOnlyList<string>> RouteSlicesAsync(CancellationToken cancellationToken) =>
        [.. (await _environment.Admin.DiscoveryV1.ListNamespacedEndpointSliceAsync(RbacEnvironment.Namespace,
            labelSelector: "kubernetes.io/service-name=" + Name, cancellationToken: cancellationToken)).Items.Select(s => s.Metadata.Name)];

    public async ValueTask DisposeAsync()
    {
        // Replicas first, then the leader (it stops PostgreSQL and releases), then the route follower.
        var leader = Leader;
        await Task.WhenAll(_members.Where(m => m != leader).Select(m => m.DisposeAsync().AsTask()));
        if (leader is not null)
        {
            await leader.DisposeAsync();
        }

        await _stop.CancelAsync();
        await _follow;
        await _forwarder.DisposeAsync();
        _stop.Dispose();
    }

    // kube-proxy: the master Service forwards to the ready endpoint of the cluster's EndpointSlices (read as the admin).
    private async Task FollowRouteAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var slices = await _environment.Admin.DiscoveryV1.ListNamespacedEndpointSliceAsync(RbacEnvironment.Namespace,
                    labelSelector: "kubernetes.io/service-name=" + Name, cancellationToken: cancellationToken);
                var address = slices.Items.SelectMany(s => s.Endpoints ?? []).Where(e => e.Conditions?.Ready != false)
                    .SelectMany(e => e.Addresses ?? []).FirstOrDefault();
                _route = address is null ? null : new IPEndPoint(IPAddress.Parse(address), _network.Port);
                _forwarder.Refresh();
                await Task.Delay(25, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task CreatePodAsync(string name, IPAddress address)
    {
        var admin = _environment.Admin;
        var pod = await admin.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string> { ["application"] = "spilo", ["cluster-name"] = Name },
            },
            Spec = new V1PodSpec
            {
                ServiceAccountName = Manifests.AgentAccount(Name),
                Containers = [new V1Container { Name = "postgres", Image = "ghcr.io/zalando/spilo-15:3.0-p1", Ports = [new V1ContainerPort { Name = "postgresql", ContainerPort = _network.Port }] }],
            },
        }, RbacEnvironment.Namespace, cancellationToken: TestTimeouts.Token());
        pod.Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = address.ToString(),
            PodIPs = [new V1PodIP { Ip = address.ToString() }],
            Conditions = [new V1PodCondition { Type = "Ready", Status = "False", LastTransitionTime = DateTime.UtcNow }],
        };
        await admin.CoreV1.ReplaceNamespacedPodStatusAsync(pod, name, RbacEnvironment.Namespace, cancellationToken: TestTimeouts.Token());
    }

    private Dictionary<string, object> Manifest() => new()
    {
        ["apiVersion"] = "acid.zalan.do/v1",
        ["kind"] = "postgresql",
        ["metadata"] = new Dictionary<string, object> { ["name"] = Name },
        ["spec"] = new Dictionary<string, object>
        {
            ["teamId"] = "acid",
            ["numberOfInstances"] = Size,
            ["postgresql"] = new Dictionary<string, object> { ["version"] = "15" },
            ["volume"] = new Dictionary<string, object> { ["size"] = "1Gi" },
        },
    };

    /// <summary>One member: its Pod's name and IP, its simulated PostgreSQL and its agent.</summary>
    internal sealed class Member(string name, IPAddress address, SimulatedPostgres instance, PostgresAgent agent, IKubernetes client) : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Task _run = Task.CompletedTask;

        public string Name { get; } = name;

        public IPAddress Address { get; } = address;

        public PostgresAgent Agent { get; } = agent;

        public bool Alive { get; private set; }

        /// <summary>The agent's failure, if its run ended with one.</summary>
        public Exception? Failure { get; private set; }

        public void Start()
        {
            Alive = true;
            _run = Task.Run(async () =>
            {
                try
                {
                    await Agent.RunAsync(_stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                }
#pragma warning disable CA1031 // Recorded for the test to report.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Failure = e;
                }
            });
        }

        /// <summary>Like a lost node: agent and PostgreSQL die together; nothing is released.</summary>
        public async Task CrashAsync()
        {
            Alive = false;
            await Agent.CrashAsync();
            await _stop.CancelAsync();
            await _run;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run.WaitAsync(TestTimeouts.Default);
            await Agent.DisposeAsync();
            await instance.DisposeAsync();
            client.Dispose();
            _stop.Dispose();
        }
    }
}
