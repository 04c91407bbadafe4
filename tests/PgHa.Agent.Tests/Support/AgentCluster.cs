using System.Text.Json;
using k8s;
using k8s.Models;
using PgHa.Agent.Postgres;
using PgHa.Testing.Tests.Support;
using PgHa.Testing;

namespace PgHa.Agent.Tests.Support;

/// <summary>
/// Three (or more) agents with <see cref="FakePostgres"/> members on the embedded API server, with short timings
/// (ttl 3 s, loop wait 0.5 s). Each member has its Pod; the master Service address resolves to the running primary.
/// </summary>
internal sealed class AgentCluster : IAsyncDisposable
{
    public const string Name = "pg";
    public const string Namespace = "default";

    private readonly List<Member> _members = [];

    private AgentCluster(KubeApiServer server)
    {
        Server = server;
        Client = server.CreateClient("test");
    }

    public KubeApiServer Server { get; }

    public IKubernetes Client { get; }

    public FakeNetwork Network { get; } = new(new PrimaryAddress($"{Name}.{Namespace}.svc", 5432));

    public EventRecorder Recorder { get; } = new();

    public IReadOnlyList<Member> Members => _members;

    public Member this[int ordinal] => _members[ordinal];

    public static async Task<AgentCluster> StartAsync(int members = 3, Action<AgentOptions>? configure = null, bool run = true)
    {
        var cluster = new AgentCluster(await KubeApiServer.StartAsync());
        for (var i = 0; i < members; i++)
        {
            await cluster.AddAsync(i, configure, run);
        }

        return cluster;
    }

    public static AgentOptions Options(string pod, PrimaryAddress primary) => new()
    {
        ClusterName = Name,
        Namespace = Namespace,
        PodName = pod,
        Ttl = TimeSpan.FromSeconds(3),
        LoopWait = TimeSpan.FromMilliseconds(500),
        RetryTimeout = TimeSpan.FromSeconds(1),
        HealthCheckInterval = TimeSpan.FromMilliseconds(100),
        Primary = primary,
        PostmasterFailurePolicy = PostmasterFailurePolicy.ReleaseLock,
        ReportReadiness = true,
    };

    public async Task<Member> AddAsync(int ordinal, Action<AgentOptions>? configure = null, bool run = true)
    {
        var name = $"{Name}-{ordinal}";
        var instance = Network.Add(name, ordinal);
        await CreatePodAsync(name, instance.Host);
        var options = Options(name, Network.Service);
        configure?.Invoke(options);
        var agent = new PostgresAgent(Server.CreateClient(name), options, instance);
        Recorder.Attach(agent);
        var member = new Member(name, agent, instance);
        _members.Add(member);
        if (run)
        {
            member.Start();
        }

        return member;
    }

    public Member Find(string name) => _members.Single(m => m.Name == name);

    /// <summary>A rescheduled pod: a new agent for <paramref name="member"/> on the same PostgreSQL data, replacing the old one.</summary>
    public Member Restart(Member member, Action<AgentOptions>? configure = null)
    {
        var options = Options(member.Name, Network.Service);
        configure?.Invoke(options);
        var agent = new PostgresAgent(Server.CreateClient(member.Name), options, member.Instance);
        Recorder.Attach(agent);
        var restarted = new Member(member.Name, agent, member.Instance);
        _members[_members.IndexOf(member)] = restarted;
        restarted.Start();
        return restarted;
    }

    /// <summary>The member whose agent leads and whose PostgreSQL runs as primary.</summary>
    public async Task<Member> WaitForPrimaryAsync(Func<Member, bool>? which = null)
    {
        var e = await Recorder.WaitAsync(
            e => e.Kind is AgentEventKind.Promoted or AgentEventKind.Bootstrapped && (which is null || which(Find(e.Member))),
            "a member to become the primary");
        return Find(e.Member);
    }

    public async Task<Dictionary<string, string>> LockAsync() =>
        new((await Client.CoreV1.ReadNamespacedConfigMapAsync($"{Name}-leader", Namespace)).Metadata.Annotations ?? new Dictionary<string, string>());

    public async Task<IDictionary<string, string>> AnnotationsAsync(string configMap) =>
        (await Client.CoreV1.ReadNamespacedConfigMapAsync(configMap, Namespace)).Metadata.Annotations ?? new Dictionary<string, string>();

    public async Task<V1Pod> PodAsync(string name) => await Client.CoreV1.ReadNamespacedPodAsync(name, Namespace);

    /// <summary>Polls an API-side condition (the server pushes nothing the test could wait on) until it holds.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while (!await condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(25), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }
        }
    }

    public static JsonElement Status(V1Pod pod) => JsonDocument.Parse(pod.Metadata.Annotations["status"]).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            await member.StopAsync();
        }

        foreach (var member in _members)
        {
            member.Instance.ConcurrentCalls.Should().Be(0, $"the agent must never call {member.Name}'s PostgreSQL twice at once");
            await member.Agent.DisposeAsync();
        }

        await Server.DisposeAsync();
    }

    private async Task CreatePodAsync(string name, string ip)
    {
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string> { ["application"] = "spilo", ["cluster-name"] = Name },
            },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "postgres", Image = "spilo:3.0" }] },
        }, Namespace);
        pod.Status = new V1PodStatus { Phase = "Running", PodIP = ip, PodIPs = [new V1PodIP { Ip = ip }] };
        await Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, name, Namespace);
    }

    /// <summary>One member: its agent, its fake PostgreSQL and the agent's run.</summary>
    internal sealed class Member(string name, PostgresAgent agent, FakePostgres instance)
    {
        private readonly CancellationTokenSource _stop = new();

        public string Name { get; } = name;

        public PostgresAgent Agent { get; } = agent;

        public FakePostgres Instance { get; } = instance;

        public Task? Run { get; private set; }

        public void Start() => Run = Agent.RunAsync(_stop.Token);

        /// <summary>A graceful stop (SIGTERM); returns when the agent's run returned.</summary>
        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            if (Run is not null)
            {
                await Run.WaitAsync(TestTimeouts.Default);
            }
        }
    }
}
