using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace PgHa.Election.Tests.Support;

/// <summary>An elector under test with its own store view, running on a shared fake clock, recording what it announced.</summary>
internal sealed class ElectorHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<string> _announcements = Channel.CreateUnbounded<string>();

    public ElectorHarness(string identity, InMemoryLock shared, FakeTimeProvider time, Action<LeaderElectorOptions>? configure = null,
        PgHa.Election.Eligibility.IFailoverEligibility? eligibility = null, PgHa.Election.Eligibility.IMemberDirectory? members = null,
        Action<LeaderElector>? configureElector = null)
    {
        Store = shared.For(identity);
        var options = Options(identity);
        configure?.Invoke(options);
        Elector = new LeaderElector(options, Store, time, eligibility: eligibility, members: members);
        configureElector?.Invoke(Elector);
        Elector.LeadershipStarted += (_, e) => _announcements.Writer.TryWrite("started " + e.Term.Transitions);
        Elector.LeadershipStopped += (_, e) => _announcements.Writer.TryWrite((e.Released ? "released " : "stopped ") + e.Term.Transitions);
        Run = Elector.RunAsync(_stop.Token);
    }

    public LeaderElector Elector { get; }

    public InMemoryLock.View Store { get; }

    public Task Run { get; }

    public static LeaderElectorOptions Options(string identity) => new()
    {
        Scope = "acid-minimal-cluster",
        Identity = identity,
        Ttl = TimeSpan.FromSeconds(30),
        LoopWait = TimeSpan.FromSeconds(10),
        RetryTimeout = TimeSpan.FromSeconds(10),
        RenewDeadline = TimeSpan.FromSeconds(27),
    };

    /// <summary>The next leadership announcement ("started 0", "stopped 0", "released 0"), failing the test if none comes in time.</summary>
    public async Task<string> NextAnnouncementAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await _announcements.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Completes once the elector has read the lock (its observation clock started) and is watching it.</summary>
    public Task ObservingAsync() => Store.Watching.WaitAsync(TimeSpan.FromSeconds(15));

    /// <summary>Stops the elector's loop (as a crash would when release is off).</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Run;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Run;
        await Elector.DisposeAsync();
        _stop.Dispose();
    }
}
