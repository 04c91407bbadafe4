using System.Threading.Channels;
using k8s;
using PgHa.Election.Stores;
using PgHa.Testing;

namespace PgHa.Election.Tests.Support;

/// <summary>
/// Several electors for one scope on the embedded API server, each with its own client (so the server's request
/// log and fault rules tell them apart), and a timeline of who believed it led when, taken at the exact moments
/// the electors changed their minds.
/// </summary>
internal sealed class ElectorCluster : IAsyncDisposable
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan LoopWait = TimeSpan.FromMilliseconds(400);

    private readonly List<Member> _members = [];
    private readonly object _gate = new();
    private readonly Channel<(string Member, bool Leading)> _transitions = Channel.CreateUnbounded<(string, bool)>();

    private ElectorCluster(KubeApiServer server, LockKind kind)
    {
        Server = server;
        Kind = kind;
    }

    public KubeApiServer Server { get; }

    public LockKind Kind { get; }

    /// <summary>Every leadership: member, start and (when over) end, as monotonic timestamps.</summary>
    public List<(string Member, long Start, long? End)> Timeline { get; } = [];

    public IReadOnlyList<Member> Members => _members;

    public static async Task<ElectorCluster> StartAsync(LockKind kind, int count, KubeApiServerOptions? options = null)
    {
        var cluster = new ElectorCluster(await KubeApiServer.StartAsync(options), kind);
        for (var i = 0; i < count; i++)
        {
            cluster.Add("member-" + i);
        }

        return cluster;
    }

    public static LeaderElectorOptions Options(string identity, LockKind kind) => new()
    {
        Scope = "acid-minimal-cluster",
        Identity = identity,
        LockKind = kind,
        Ttl = Ttl,
        LoopWait = LoopWait,
        RetryTimeout = TimeSpan.FromMilliseconds(400),

        // A stopped member stops as a crashed one would; releasing is tested through ReleaseAsync.
        ReleaseOnStop = false,
    };

    public Member Add(string identity)
    {
        var client = Server.CreateClient(identity);
        var elector = new LeaderElector(Options(identity, Kind), LockStores.Create(client, Options(identity, Kind)));
        elector.TransitionObserver = (leading, timestamp) => Transition(identity, leading, timestamp);
        var member = new Member(identity, client, elector);
        _members.Add(member);
        return member;
    }

    /// <summary>The next change of anyone's mind, failing the test if none comes in time.</summary>
    /// <remarks>
    /// Pass the token rather than wrapping the call in <c>WaitAsync</c>: a read abandoned by <c>WaitAsync</c> stays
    /// queued on the channel and takes the next transition, which the caller's next read then never sees.
    /// </remarks>
    public async Task<(string Member, bool Leading)> NextTransitionAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        return await _transitions.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Waits for the next member to start leading.</summary>
    public async Task<Member> NextLeaderAsync()
    {
        while (true)
        {
            var (name, leading) = await NextTransitionAsync();
            if (leading)
            {
                return _members.Single(m => m.Identity == name);
            }
        }
    }

    /// <summary>Asserts that no two leaderships overlapped in time.</summary>
    public void ShouldNeverHaveHadTwoLeaders()
    {
        lock (_gate)
        {
            var ordered = Timeline.OrderBy(t => t.Start).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var previous = ordered[i - 1];
                (previous.End ?? long.MaxValue).Should().BeLessThanOrEqualTo(ordered[i].Start,
                    "{0} still led when {1} began leading", previous.Member, ordered[i].Member);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            await member.DisposeAsync();
        }

        await Server.DisposeAsync();
    }

    private void Transition(string identity, bool leading, long timestamp)
    {
        lock (_gate)
        {
            if (leading)
            {
                Timeline.Add((identity, timestamp, null));
            }
            else
            {
                var index = Timeline.FindLastIndex(t => t.Member == identity && t.End is null);
                Timeline[index] = Timeline[index] with { End = timestamp };
            }
        }

        _transitions.Writer.TryWrite((identity, leading));
    }

    /// <summary>One member: its client, its elector and the loop that runs it.</summary>
    internal sealed class Member : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        public Member(string identity, IKubernetes client, LeaderElector elector)
        {
            Identity = identity;
            Client = client;
            Elector = elector;
            Run = elector.RunAsync(_stop.Token);
        }

        public string Identity { get; }

        public IKubernetes Client { get; }

        public LeaderElector Elector { get; }

        public Task Run { get; private set; }

        /// <summary>Stops the loop, as a crash would: with release off, nothing is written.</summary>
        public async Task KillAsync()
        {
            await _stop.CancelAsync();
            await Run;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Run;
            await Elector.DisposeAsync();
            Client.Dispose();
            _stop.Dispose();
        }
    }
}
