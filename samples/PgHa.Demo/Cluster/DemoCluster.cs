using System.Diagnostics;
using System.Net;
using k8s;
using k8s.Models;
using PgHa.Agent;
using PgHa.Agent.Postgres;
using PgHa.Demo.Proxy;
using PgHa.Operator;
using PgHa.Testing;

namespace PgHa.Demo.Cluster;

/// <summary>
/// Everything the demo runs: the embedded API server, the operator, the master Service's forwarder (kube-proxy's
/// part) and three members, each a Pod object, a PostgreSQL (real or simulated) and an agent. Disposal stops it all
/// and leaves no process or directory behind.
/// </summary>
internal sealed class DemoCluster : IAsyncDisposable
{
    public const string Name = "acid-minimal-cluster";
    public const string Namespace = "default";
    private const string PortName = "postgresql";

    private readonly List<DemoMember> _members = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _operatorRun = Task.CompletedTask;

    private DemoCluster(KubeApiServer server, DemoDirectory directory, DemoNetwork network, FileLoggerFactory logs)
    {
        Server = server;
        Directory = directory;
        Network = network;
        Logs = logs;
        Client = server.CreateClient("demo");
    }

    public KubeApiServer Server { get; }

    public IKubernetes Client { get; }

    public DemoDirectory Directory { get; }

    public DemoNetwork Network { get; }

    public FileLoggerFactory Logs { get; }

    public PostgresOperator Operator { get; private set; } = null!;

    public ServiceProxy Proxy { get; private set; } = null!;

    public IReadOnlyList<DemoMember> Members => _members;

    public string KubeconfigPath { get; private set; } = "";

    /// <summary>Raised for every agent event and route change, with its monotonic time.</summary>
    public event Action<long, string>? Happened;

    /// <summary>Raised when an agent fails (a bug: the demo reports it and fails).</summary>
    public event Action<string>? Broke;

    /// <summary>Starts it all; <paramref name="happened"/> sees every event from the first on (as <see cref="Happened"/> does later).</summary>
    public static async Task<DemoCluster> StartAsync(DemoSettings settings, MemberKind kind, DemoDirectory directory, FileLoggerFactory logs, Action<long, string> happened, CancellationToken cancellationToken)
    {
        var network = DemoNetwork.Choose(settings.Seed, 3);
        var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { LoggerFactory = logs }, cancellationToken).ConfigureAwait(false);
        var cluster = new DemoCluster(server, directory, network, logs);
        cluster.Happened += happened;
        try
        {
            await cluster.SetUpAsync(settings, kind, cancellationToken).ConfigureAwait(false);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task SetUpAsync(DemoSettings settings, MemberKind kind, CancellationToken cancellationToken)
    {
        KubeconfigPath = settings.Kubeconfig ?? Directory.Combine("kubeconfig");
        await Server.WriteKubeconfigAsync(KubeconfigPath, cancellationToken: cancellationToken).ConfigureAwait(false);

        await PostgresqlCrd.InstallAsync(Client, cancellationToken).ConfigureAwait(false);
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(Manifest(), "acid.zalan.do", "v1", Namespace, "postgresqls", cancellationToken: cancellationToken).ConfigureAwait(false);

        Operator = new PostgresOperator(Server.CreateClient("operator"), new OperatorOptions { Namespace = Namespace }, Logs);
        Operator.RouteChanged += (_, e) => Happened?.Invoke(e.Timestamp, e.Leader is null
            ? $"operator: route of {e.Cluster} removed (term {e.Term}, {e.Reason})"
            : $"operator: route of {e.Cluster} -> {e.Leader} (term {e.Term}, {e.Reason})");
        _operatorRun = Operator.RunAsync(_stop.Token);
        await Operator.WaitForSyncAsync(cancellationToken).ConfigureAwait(false);

        // kube-proxy's part: the Service's address forwards to whatever the EndpointSlice says right now.
        Proxy = new ServiceProxy(Server.CreateClient("kube-proxy"), Namespace, Name, PortName, new IPEndPoint(IPAddress.Loopback, 0));
        Proxy.BackendChanged += (backend, at) => Happened?.Invoke(at, backend is null
            ? "kube-proxy: the Service has no ready endpoint (connections are refused)"
            : $"kube-proxy: {Name} -> {backend}");
        await Proxy.StartAsync(cancellationToken).ConfigureAwait(false);

        for (var i = 0; i < Network.Members.Count; i++)
        {
            var name = $"{Name}-{i}";
            var address = Network.Members[i];
            await CreatePodAsync(name, address, cancellationToken).ConfigureAwait(false);
            var memberDirectory = Directory.Combine(name);
            var client = Server.CreateClient(name);
            var member = new DemoMember(
                name,
                address,
                () => kind.Create(name, address, Network.Port, memberDirectory, Logs),
                instance => NewAgent(client, name, instance, settings));
            member.Failed += (m, e) => Broke?.Invoke($"the agent of {m.Name} failed: {e.Message}");
            _members.Add(member);
        }

        foreach (var member in _members)
        {
            member.Start();
        }
    }

    private PostgresAgent NewAgent(IKubernetes client, string name, IPostgresInstance instance, DemoSettings settings)
    {
        var agent = new PostgresAgent(client, new AgentOptions
        {
            ClusterName = Name,
            Namespace = Namespace,
            PodName = name,
            Ttl = settings.Ttl,
            LoopWait = settings.LoopWait,
            RetryTimeout = (settings.Ttl - settings.LoopWait) / 2,
            HealthCheckInterval = TimeSpan.FromMilliseconds(500),
            Primary = new PrimaryAddress(Proxy.Address.Address.ToString(), Proxy.Address.Port),
            SynchronousMode = !settings.Asynchronous,
            PostmasterFailurePolicy = PostmasterFailurePolicy.ReleaseLock,
            ReportReadiness = true,
        }, instance, Logs);
        agent.Changed += (_, e) => Happened?.Invoke(e.Timestamp, $"{e.Member}: {Describe(e)}");
        return agent;
    }

    private static string Describe(AgentEventArgs e) => e.Detail is { Length: > 0 } detail ? $"{Words(e.Kind)} ({detail})" : Words(e.Kind);

    private static string Words(AgentEventKind kind) => kind switch
    {
        AgentEventKind.LockAcquired => "took the lock",
        AgentEventKind.Promoted => "promotion done (pg_promote and a checkpoint)",
        AgentEventKind.Bootstrapped => "bootstrapped the cluster (initdb)",
        AgentEventKind.LockReleased => "released the lock",
        AgentEventKind.SteppedDown => "stepped down",
        AgentEventKind.PostmasterDied => "noticed its postmaster died",
        AgentEventKind.Demoted => "demoted",
        AgentEventKind.Rewound => "rewound (pg_rewind)",
        AgentEventKind.Cloned => "cloned the primary (pg_basebackup)",
        AgentEventKind.StartedStandby => "streams from the master Service",
        AgentEventKind.SyncStandbyChanged => "synchronous standby set",
        AgentEventKind.Stopped => "stopped",
        AgentEventKind.Restarted => "restarted PostgreSQL as the primary",
        AgentEventKind.LeadershipRefused => "may not take the lock",
        _ => kind.ToString(),
    };

    /// <summary>One line for the live view: who leads, where the Service leads, each member's role.</summary>
    public string Describe() =>
        $"Service -> {Proxy?.Backend?.ToString() ?? "nothing"} | " + string.Join(" ", _members.Select(m => $"{m.Name[^1]}:{(m.Alive ? m.Agent.Role : "lost")}"));

    /// <summary>The member whose agent leads now, or null.</summary>
    public DemoMember? Leader => _members.FirstOrDefault(m => m.Alive && m.Agent.IsLeader);

    /// <summary>The recorded synchronous standby (Patroni's <c>sync</c> key), or null.</summary>
    public async Task<string?> SyncStandbyAsync(CancellationToken cancellationToken)
    {
        try
        {
            var sync = await Client.CoreV1.ReadNamespacedConfigMapAsync(Name + "-sync", Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return sync.Metadata.Annotations?.TryGetValue("sync_standby", out var standby) == true && standby.Length > 0 ? standby : null;
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Waits until one member leads and routes, every other live member streams as a replica and (in synchronous
    /// mode) a synchronous standby is recorded: the cluster is healthy.
    /// </summary>
    public async Task WaitHealthyAsync(bool synchronous, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var state = await HealthAsync(synchronous, limit.Token).ConfigureAwait(false);
            if (state is null)
            {
                return;
            }

            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"the cluster did not become healthy in {timeout.TotalSeconds:0} s: {state}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    // Null when healthy, else what is missing.
    private async Task<string?> HealthAsync(bool synchronous, CancellationToken cancellationToken)
    {
        var leader = Leader;
        if (leader is null)
        {
            return "no member leads";
        }

        if (!Equals(Proxy.Backend?.Address, leader.Address))
        {
            return $"the Service does not lead to {leader.Name} yet";
        }

        var lagging = _members.Where(m => m.Alive && m != leader && m.Agent.Role != "replica").Select(m => $"{m.Name} is {m.Agent.Role}").ToList();
        if (lagging.Count > 0)
        {
            return string.Join(", ", lagging);
        }

        var standby = synchronous ? await SyncStandbyAsync(cancellationToken).ConfigureAwait(false) : "";
        return standby is null ? "no synchronous standby is recorded yet" : null;
    }

    private async Task CreatePodAsync(string name, IPAddress address, CancellationToken cancellationToken)
    {
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string> { ["application"] = "spilo", ["cluster-name"] = Name, ["team"] = "acid" },
            },
            Spec = new V1PodSpec
            {
                NodeName = "demo-node-" + name[^1],
                Containers = [new V1Container { Name = "postgres", Image = "ghcr.io/zalando/spilo-15:3.0-p1", Ports = [new V1ContainerPort { Name = PortName, ContainerPort = Network.Port }] }],
            },
        }, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        pod.Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = address.ToString(),
            PodIPs = [new V1PodIP { Ip = address.ToString() }],
            HostIP = "127.0.0.1",
            Conditions = [new V1PodCondition { Type = "Ready", Status = "False", LastTransitionTime = DateTime.UtcNow }],
        };
        await Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, name, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<string, object> Manifest() => new Dictionary<string, object>
    {
        ["apiVersion"] = "acid.zalan.do/v1",
        ["kind"] = "postgresql",
        ["metadata"] = new Dictionary<string, object> { ["name"] = Name },
        ["spec"] = new Dictionary<string, object>
        {
            ["teamId"] = "acid",
            ["numberOfInstances"] = 3,
            ["postgresql"] = new Dictionary<string, object> { ["version"] = "15" },
            ["volume"] = new Dictionary<string, object> { ["size"] = "1Gi" },
        },
    };

    public async ValueTask DisposeAsync()
    {
        // Replicas first, then the leader (it stops PostgreSQL and releases at once, with nobody left to take over),
        // then the operator and the forwarder, then the server.
        var leader = Leader;
        await Task.WhenAll(_members.Where(m => m != leader).Select(m => m.DisposeAsync().AsTask())).ConfigureAwait(false);
        if (leader is not null)
        {
            await leader.DisposeAsync().ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _operatorRun.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        if (Operator is not null)
        {
            await Operator.DisposeAsync().ConfigureAwait(false);
        }

        if (Proxy is not null)
        {
            await Proxy.DisposeAsync().ConfigureAwait(false);
        }

        Client.Dispose();
        await Server.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
