using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using PgHa.Election;
using PgHa.Election.Stores;
using PgHa.Testing;

namespace PgHa.Benchmarks;

/// <summary>The electors the scenarios compare, started the same way: PgHa's and KubernetesClient's, on a Lease with the same lease duration.</summary>
internal static class BenchmarkElectors
{
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(200);

    public delegate BenchmarkMember Start(KubeApiServer server, string lockName, string identity, Action leading);

    public static BenchmarkMember PgHa(KubeApiServer server, string lockName, string identity, Action leading)
    {
        var options = new LeaderElectorOptions
        {
            Scope = lockName, Identity = identity, LockKind = LockKind.Lease, LockName = lockName,
            Ttl = Lease, LoopWait = Retry, RetryTimeout = Retry, ReleaseOnStop = false,
        };
        var client = server.CreateClient(identity);
        var elector = new PgHa.Election.LeaderElector(options, LockStores.Create(client, options));
        elector.LeadershipStarted += (_, _) => leading();
        return new BenchmarkMember(client, elector.RunAsync, elector, elector.ReleaseAsync);
    }

    public static BenchmarkMember KubernetesClient(KubeApiServer server, string lockName, string identity, Action leading)
    {
        var client = server.CreateClient(identity);
        var config = new LeaderElectionConfig(new LeaseLock(client, "default", lockName, identity))
        {
            LeaseDuration = Lease,
            RenewDeadline = Lease * 0.8,
            RetryPeriod = Retry,
        };
        var elector = new k8s.LeaderElection.LeaderElector(config);
        elector.OnStartedLeading += leading;
        return new BenchmarkMember(client, async ct =>
        {
            // RunAndTryToHoldLeadershipForeverAsync faults on transport errors and throws on cancel; restart it as its docs advise.
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await elector.RunAndTryToHoldLeadershipForeverAsync(ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                }
                catch (HttpRequestException)
                {
                }
            }
        }, elector, null);
    }
}

/// <summary>A running member: disposing it stops its loop without releasing anything, as a crash would.</summary>
internal sealed class BenchmarkMember : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly IKubernetes _client;
    private readonly object _elector;
    private readonly Task _run;
    private int _disposed;

    /// <summary>Releases the lock (PgHa), or null where the elector cannot release on demand.</summary>
    public Func<CancellationToken, Task<bool>>? Release { get; }

    public BenchmarkMember(IKubernetes client, Func<CancellationToken, Task> run, object elector, Func<CancellationToken, Task<bool>>? release)
    {
        Release = release;
        _client = client;
        _elector = elector;
        _run = Task.Run(() => run(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
        }

        switch (_elector)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        _client.Dispose();
        _stop.Dispose();
    }
}
