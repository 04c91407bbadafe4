using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using PgHa.Election.Records;
using PgHa.Election.Stores;

namespace PgHa.Election.Tests.Support;

/// <summary>
/// One lock object in memory with compare-and-swap semantics, shared by several members' stores. Each member's
/// view can be made to fail or hang its writes, to drive the elector through API failures without a server.
/// </summary>
internal sealed class InMemoryLock
{
    private readonly object _gate = new();
    private readonly List<Channel<LockSnapshot?>> _watchers = [];
    private readonly Channel<(string Writer, LeaderRecord Record)> _writes = Channel.CreateUnbounded<(string, LeaderRecord)>();
    private Dictionary<string, string>? _annotations;
    private long _version;

    /// <summary>Every successful write, in order: (writer, record written).</summary>
    public List<(string Writer, LeaderRecord Record)> Writes { get; } = [];

    public LockSnapshot? Current
    {
        get
        {
            lock (_gate)
            {
                return SnapshotLocked();
            }
        }
    }

    public View For(string member) => new(this, member);

    /// <summary>The next successful write, failing the test if none comes in time.</summary>
    public async Task<(string Writer, LeaderRecord Record)> NextWriteAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await _writes.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Sets the lock's annotations directly (a foreign writer such as Patroni).</summary>
    public void Put(Dictionary<string, string>? annotations)
    {
        lock (_gate)
        {
            _annotations = annotations is null ? null : new Dictionary<string, string>(annotations);
            _version++;
            Broadcast();
        }
    }

    private LockSnapshot? SnapshotLocked()
    {
        if (_annotations is null)
        {
            return null;
        }

        var read = PatroniRecordCodec.Read(_annotations);
        return new LockSnapshot(read.Record, read.Error, read.Fingerprint, _version.ToString(CultureInfo.InvariantCulture), new Dictionary<string, string>(_annotations));
    }

    private void Broadcast()
    {
        var snapshot = SnapshotLocked();
        foreach (var watcher in _watchers)
        {
            watcher.Writer.TryWrite(snapshot);
        }
    }

    private LockWriteResult Write(string member, LeaderRecord record, LockSnapshot? expected)
    {
        lock (_gate)
        {
            if (expected is null ? _annotations is not null : _annotations is null || expected.ResourceVersion != _version.ToString(CultureInfo.InvariantCulture))
            {
                return new LockWriteResult(LockWriteOutcome.Conflict);
            }

            _annotations ??= [];
            foreach (var (key, value) in PatroniRecordCodec.Write(record))
            {
                if (value is null)
                {
                    _annotations.Remove(key);
                }
                else
                {
                    _annotations[key] = value;
                }
            }

            _version++;
            Writes.Add((member, record));
            _writes.Writer.TryWrite((member, record));
            Broadcast();
            return new LockWriteResult(LockWriteOutcome.Written, SnapshotLocked());
        }
    }

    /// <summary>One member's store over the shared lock.</summary>
    internal sealed class View(InMemoryLock shared, string member) : ILeaderLockStore
    {
        private readonly TaskCompletionSource _watching = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource? _hang;

        /// <summary>Completes once the member watches the lock, which it does right after its first read was taken in.</summary>
        public Task Watching => _watching.Task;

        public string Description => "in-memory lock (" + member + ")";

        /// <summary>Writes fail (as a 503 would) while set.</summary>
        public bool FailWrites { get; set; }

        /// <summary>Makes writes hang until <see cref="Unhang"/> (or the caller gives up).</summary>
        public void Hang() => _hang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Unhang() => Interlocked.Exchange(ref _hang, null)?.TrySetResult();

        public Task<LockSnapshot?> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(shared.Current);

        public async Task<LockWriteResult> TryWriteAsync(LeaderRecord record, LockSnapshot? expected, CancellationToken cancellationToken)
        {
            if (_hang is { } hang)
            {
                await hang.Task.WaitAsync(cancellationToken);
            }

            return FailWrites
                ? new LockWriteResult(LockWriteOutcome.Failed, Error: new HttpRequestException("injected 503"))
                : shared.Write(member, record, expected);
        }

        public async IAsyncEnumerable<LockSnapshot?> WatchAsync(string? resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var channel = Channel.CreateUnbounded<LockSnapshot?>();
            lock (shared._gate)
            {
                shared._watchers.Add(channel);
                _watching.TrySetResult();
                if (resourceVersion != shared._version.ToString(CultureInfo.InvariantCulture))
                {
                    channel.Writer.TryWrite(shared.SnapshotLocked());
                }
            }

            try
            {
                while (true)
                {
                    LockSnapshot? next;
                    try
                    {
                        next = await channel.Reader.ReadAsync(cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        yield break;
                    }

                    yield return next;
                }
            }
            finally
            {
                lock (shared._gate)
                {
                    shared._watchers.Remove(channel);
                }
            }
        }
    }
}
