using System.Net;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using PgHa.Routing;
using PgHa.Routing.Routers;
using PgHa.Testing;
using PgHa.Testing.Diagnostics;

namespace PgHa.Benchmarks;

/// <summary>
/// One cluster's whole failover chain on the embedded server, as clients live it: three members on a Lease lock, an
/// operator-style follower (it watches the lock and routes the holder with PgHa.Routing, never electing anyone) and a
/// separate watcher of the master Service's slices (kube-proxy's view). Times come from the server's request log (when
/// a write was committed) and the watcher's clock, both wall clocks of this one process.
/// </summary>
internal sealed class FailoverChain : IAsyncDisposable
{
    private readonly KubeApiServer _server;
    private readonly string _name;
    private readonly List<(string Identity, BenchmarkMember Member)> _members = [];
    private readonly Channel<string> _leaders = Channel.CreateUnbounded<string>();
    private readonly List<RequestRecord> _lockWrites = [];
    private readonly List<RequestRecord> _routeWrites = [];
    private readonly List<(DateTimeOffset At, string? Address)> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly IKubernetes _followerClient;
    private readonly IKubernetes _watcherClient;
    private readonly PrimaryRouter _router;
    private Task _follow = Task.CompletedTask;
    private Task _watch = Task.CompletedTask;

    private FailoverChain(KubeApiServer server, string name)
    {
        _server = server;
        _name = name;
        _followerClient = server.CreateClient(FollowerName(name));
        _watcherClient = server.CreateClient(name + "-watcher");
        _router = new PrimaryRouter(_followerClient, new PrimaryRouterOptions { ClusterName = name, ProvisionReplicaService = false });
        server.RequestLog.Recorded += OnRecorded;
    }

    public IReadOnlyList<string> Identities => [.. _members.Select(m => m.Identity)];

    public static string FollowerName(string name) => name + "-follower";

    /// <summary>A member's address: 10.9.0.(ordinal + 1).</summary>
    public static string Address(string identity) => "10.9.0." + (int.Parse(identity[^1..], System.Globalization.CultureInfo.InvariantCulture) + 1);

    public static async Task<FailoverChain> StartAsync(KubeApiServer server, string name, BenchmarkElectors.Start start)
    {
        var chain = new FailoverChain(server, name);
        await new ServiceProvisioner(chain._followerClient, new PrimaryRouterOptions { ClusterName = name, ProvisionReplicaService = false }).EnsureServicesAsync(CancellationToken.None);
        var listed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        chain._watch = Task.Run(() => chain.WatchSlicesAsync(listed, chain._stop.Token));
        await listed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        chain._follow = Task.Run(() => chain.FollowAsync(chain._stop.Token));
        for (var i = 0; i < 3; i++)
        {
            var identity = $"{name}-m{i}";
            chain._members.Add((identity, start(server, name, identity, () => chain._leaders.Writer.TryWrite(identity))));
        }

        return chain;
    }

    /// <summary>The next member to start leading.</summary>
    public async Task<string> NextLeaderAsync() =>
        await _leaders.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Waits until the slice watcher sees <paramref name="identity"/>'s address and returns when it saw it first after <paramref name="since"/>.</summary>
    public async Task<DateTimeOffset> SeenAsync(string identity, DateTimeOffset since)
    {
        var address = Address(identity);
        return await Poll.UntilValueAsync<DateTimeOffset>(() =>
        {
            lock (_seen)
            {
                foreach (var (at, observed) in _seen)
                {
                    if (at >= since && observed == address)
                    {
                        return at;
                    }
                }
            }

            return null;
        }, $"the watcher see {address}");
    }

    /// <summary>Waits until <paramref name="identity"/> has had a lock write committed after <paramref name="since"/>.</summary>
    public Task<RequestRecord> LockWriteAsync(string identity, DateTimeOffset since) =>
        WaitForAsync(_lockWrites, w => w.Client == identity && Committed(w) > since, $"a lock write of {identity}");

    /// <summary>The last lock write <paramref name="identity"/> had committed.</summary>
    public RequestRecord LastLockWrite(string identity)
    {
        lock (_lockWrites)
        {
            return _lockWrites.Last(w => w.Client == identity);
        }
    }

    /// <summary>The first route write committed after <paramref name="since"/>.</summary>
    public Task<RequestRecord> RouteWriteAsync(DateTimeOffset since) =>
        WaitForAsync(_routeWrites, w => Committed(w) > since, "a route write");

    public BenchmarkMember Member(string identity) => _members.Single(m => m.Identity == identity).Member;

    /// <summary>Stops a member's loop without releasing, as a crash would.</summary>
    public async Task KillAsync(string identity)
    {
        var index = _members.FindIndex(m => m.Identity == identity);
        await _members[index].Member.DisposeAsync();
    }

    public static DateTimeOffset Committed(RequestRecord record) => record.Timestamp + record.Latency;

    public async ValueTask DisposeAsync()
    {
        _server.RequestLog.Recorded -= OnRecorded;
        foreach (var (_, member) in _members)
        {
            await member.DisposeAsync();
        }

        await _stop.CancelAsync();
        await Task.WhenAll(_follow, _watch).ContinueWith(_ => { }, TaskScheduler.Default);
        _router.Dispose();
        _followerClient.Dispose();
        _watcherClient.Dispose();
        _stop.Dispose();
    }

    private static Task<RequestRecord> WaitForAsync(List<RequestRecord> records, Func<RequestRecord, bool> match, string what) =>
        Poll.UntilAsync(() =>
        {
            lock (records)
            {
                return records.FirstOrDefault(match);
            }
        }, what);

    private void OnRecorded(RequestRecord r)
    {
        if (r.StatusCode is not (200 or 201) || r.Verb is not ("create" or "update" or "patch"))
        {
            return;
        }

        if (r.Resource == "leases.coordination.k8s.io" && r.Name == _name)
        {
            lock (_lockWrites)
            {
                _lockWrites.Add(r);
            }
        }
        else if (r.Resource == "endpointslices.discovery.k8s.io" && r.Client == FollowerName(_name))
        {
            lock (_routeWrites)
            {
                _routeWrites.Add(r);
            }
        }
    }

    // The operator's part for one cluster: each change of the lock's holder or term becomes a route request.
    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        var routed = (Holder: (string?)null, Term: long.MinValue);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var list = await _followerClient.CoordinationV1.ListNamespacedLeaseAsync("default", fieldSelector: "metadata.name=" + _name, cancellationToken: cancellationToken);
                foreach (var lease in list.Items)
                {
                    routed = await RouteAsync(lease, routed, cancellationToken);
                }

                await foreach (var (type, lease) in _followerClient.CoordinationV1.WatchListNamespacedLeaseAsync(
                    "default", fieldSelector: "metadata.name=" + _name, resourceVersion: list.ResourceVersion(), cancellationToken: cancellationToken))
                {
                    if (type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        routed = await RouteAsync(lease, routed, cancellationToken);
                    }
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or k8s.Autorest.HttpOperationException or k8s.KubernetesException)
            {
                await Task.Delay(10, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<(string? Holder, long Term)> RouteAsync(V1Lease lease, (string? Holder, long Term) routed, CancellationToken cancellationToken)
    {
        var holder = lease.Spec?.HolderIdentity is { Length: > 0 } h ? h : null;
        var term = lease.Spec?.LeaseTransitions ?? 0;
        if (holder == routed.Holder && term == routed.Term)
        {
            return routed;
        }

        var target = holder is null ? null : new PrimaryTarget(holder, "default", IPAddress.Parse(Address(holder)));
        await _router.RouteAsync(target, new RouteTerm(holder ?? "", term), cancellationToken);
        return (holder, term);
    }

    // kube-proxy's view: the ready address of the Service's slices, with the moment each change was read.
    private async Task WatchSlicesAsync(TaskCompletionSource listed, CancellationToken cancellationToken)
    {
        var selector = "kubernetes.io/service-name=" + _name;
        var slices = new Dictionary<string, V1EndpointSlice>();
        string? last = null;
        void Note()
        {
            var address = slices.Values.SelectMany(s => s.Endpoints ?? []).FirstOrDefault(e => e.Conditions?.Ready != false)?.Addresses?.FirstOrDefault();
            if (address != last)
            {
                last = address;
                lock (_seen)
                {
                    _seen.Add((DateTimeOffset.UtcNow, address));
                }
            }
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var list = await _watcherClient.DiscoveryV1.ListNamespacedEndpointSliceAsync("default", labelSelector: selector, cancellationToken: cancellationToken);
                slices = list.Items.ToDictionary(s => s.Name());
                Note();
                listed.TrySetResult();
                await foreach (var (type, slice) in _watcherClient.DiscoveryV1.WatchListNamespacedEndpointSliceAsync(
                    "default", labelSelector: selector, resourceVersion: list.ResourceVersion(), cancellationToken: cancellationToken))
                {
                    if (type == WatchEventType.Deleted)
                    {
                        slices.Remove(slice.Name());
                    }
                    else if (type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        slices[slice.Name()] = slice;
                    }

                    Note();
                }
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or k8s.Autorest.HttpOperationException or k8s.KubernetesException)
            {
                await Task.Delay(10, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
