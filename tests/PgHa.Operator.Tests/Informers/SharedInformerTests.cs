using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using PgHa.Operator.Informers;

namespace PgHa.Operator.Tests.Informers;

/// <summary>The informer against scripted lists and watches: resume from the last version, re-list and diff on 410.</summary>
public sealed class SharedInformerTests
{
    private readonly List<(string Version, List<V1ConfigMap> Items)> _lists = [];
    private readonly List<string> _listedAt = [];
    private readonly List<string> _watchedFrom = [];
    private readonly Channel<Func<Action<Exception>, IEnumerable<(WatchEventType, V1ConfigMap?)>>> _watches = Channel.CreateUnbounded<Func<Action<Exception>, IEnumerable<(WatchEventType, V1ConfigMap?)>>>();
    private readonly List<InformerEvent<V1ConfigMap>> _events = [];
    private readonly SemaphoreSlim _eventArrived = new(0);

    [Fact]
    public async Task Lists_once_then_resumes_each_ended_watch_from_the_last_version_seen()
    {
        _lists.Add(("10", [Cm("a", "5")]));
        Script(_ => [(WatchEventType.Modified, Cm("a", "11")), (WatchEventType.Bookmark, Cm(string.Empty, "15"))]);
        Script(_ => [(WatchEventType.Added, Cm("b", "16"))]);
        var (informer, stop, run) = Start();

        await EventsAsync(3);
        await stop.CancelAsync();
        await run;

        _listedAt.Should().HaveCount(1);
        _watchedFrom.Take(3).Should().Equal("10", "15", "16");
        _events.Select(e => (e.Kind, e.Object.Name())).Should().Equal(
            (InformerEventKind.Added, "a"), (InformerEventKind.Modified, "a"), (InformerEventKind.Added, "b"));
        informer.Get("default/a")!.ResourceVersion().Should().Be("11");
        informer.Lists.Should().Be(1);
    }

    [Fact]
    public async Task A_410_lists_again_and_tells_only_what_changed_meanwhile()
    {
        _lists.Add(("10", [Cm("a", "5"), Cm("b", "6"), Cm("c", "7")]));
        Script(onError =>
        {
            onError(new KubernetesException(new V1Status { Code = 410, Reason = "Expired", Message = "too old resource version" }));
            return [];
        });
        _lists.Add(("30", [Cm("a", "5"), Cm("b", "25"), Cm("d", "26")]));
        var (informer, stop, run) = Start();

        await EventsAsync(6);
        await stop.CancelAsync();
        await run;

        _events.Select(e => (e.Kind, e.Object.Name())).Should().BeEquivalentTo(new[]
        {
            (InformerEventKind.Added, "a"), (InformerEventKind.Added, "b"), (InformerEventKind.Added, "c"),
            (InformerEventKind.Modified, "b"), (InformerEventKind.Added, "d"), (InformerEventKind.Deleted, "c"),
        });
        informer.Items().Select(i => i.Name()).Should().BeEquivalentTo("a", "b", "d");
        informer.Lists.Should().Be(2);
        _watchedFrom.Should().StartWith(["10", "30"]);
    }

    [Fact]
    public async Task A_failed_watch_is_resumed_not_relisted()
    {
        _lists.Add(("10", [Cm("a", "5")]));
        Script(_ => throw new IOException("connection reset"));
        Script(_ => [(WatchEventType.Deleted, Cm("a", "12"))]);
        var (informer, stop, run) = Start();

        await EventsAsync(2);
        await stop.CancelAsync();
        await run;

        informer.Lists.Should().Be(1);
        _watchedFrom.Take(2).Should().Equal("10", "10");
        informer.Get("default/a").Should().BeNull();
    }

    [Fact]
    public async Task The_periodic_resync_hands_out_every_cached_object_again_without_reading()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        _lists.Add(("10", [Cm("a", "5"), Cm("b", "6")]));
        // RunAsync creates its resync timer before it first awaits, so the clock can be advanced as soon as it returns.
        var (informer, stop, run) = Start(time, TimeSpan.FromMinutes(10));
        await EventsAsync(2);

        time.Advance(TimeSpan.FromMinutes(10));
        await EventsAsync(2);
        await stop.CancelAsync();
        await run;

        _events.Skip(2).Should().OnlyContain(e => e.Kind == InformerEventKind.Resync);
        _events.Skip(2).Select(e => e.Object.Name()).Should().BeEquivalentTo("a", "b");
        informer.Lists.Should().Be(1);
    }

    private static V1ConfigMap Cm(string name, string version) =>
        new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", ResourceVersion = version } };

    private void Script(Func<Action<Exception>, IEnumerable<(WatchEventType, V1ConfigMap?)>> watch) => _watches.Writer.TryWrite(watch);

    private (SharedInformer<V1ConfigMap> Informer, CancellationTokenSource Stop, Task Run) Start(TimeProvider? time = null, TimeSpan? resync = null)
    {
        var informer = new SharedInformer<V1ConfigMap>(
            "configmaps",
            _ =>
            {
                var (version, items) = _lists[Math.Min(_listedAt.Count, _lists.Count - 1)];
                _listedAt.Add(version);
                return Task.FromResult<(IReadOnlyList<V1ConfigMap>, string?)>((items, version));
            },
            Watch,
            e =>
            {
                lock (_events)
                {
                    _events.Add(e);
                }

                _eventArrived.Release();
            },
            resync ?? TimeSpan.Zero,
            time ?? TimeProvider.System,
            NullLogger.Instance);
        var stop = new CancellationTokenSource();
        return (informer, stop, informer.RunAsync(stop.Token));
    }

    private async IAsyncEnumerable<(WatchEventType, V1ConfigMap?)> Watch(string version, Action<Exception> onError, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _watchedFrom.Add(version);
        var script = await _watches.Reader.ReadAsync(cancellationToken);
        foreach (var item in script(onError))
        {
            yield return item;
        }
    }

    private async Task EventsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            (await _eventArrived.WaitAsync(TimeSpan.FromSeconds(10))).Should().BeTrue($"event {i + 1} of {count} should arrive");
        }
    }
}
