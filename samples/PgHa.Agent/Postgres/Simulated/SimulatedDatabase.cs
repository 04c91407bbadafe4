using System.Globalization;

namespace PgHa.Agent.Postgres.Simulated;

/// <summary>
/// The state of one simulated member, without any I/O: its log of rows (the "disk", which survives a kill), its
/// timeline, whether it is a primary, the standbys streaming from it and the synchronous standby. Every change wakes
/// whoever waits for one (an INSERT waiting for its synchronous acknowledgement, a WAL sender with rows to ship).
/// </summary>
internal sealed class SimulatedDatabase
{
    /// <summary>Where an empty log starts (PostgreSQL's first WAL segment begins at 0/1000000).</summary>
    public const long StartPosition = 0x100_0000;

    /// <summary>The WAL bytes one row is taken to cost, so that positions and lags look like PostgreSQL's.</summary>
    public const long RowBytes = 128;

    private readonly Lock _gate = new();
    private readonly List<SimulatedEntry> _log = [];
    private readonly List<SimulatedReplica> _replicas = [];
    private TaskCompletionSource _changed = NewSignal();
    private string? _systemIdentifier;
    private int _timeline;
    private string? _synchronousStandby;

    public bool HasData
    {
        get
        {
            lock (_gate)
            {
                return _systemIdentifier is not null;
            }
        }
    }

    public bool IsPrimary { get; private set; }

    /// <summary>Whether a fast shutdown is under way: no new commits, while the WAL senders ship what there is.</summary>
    public bool IsShuttingDown { get; private set; }

    public static long Position(int count) => StartPosition + (count * RowBytes);

    public string Initialize()
    {
        lock (_gate)
        {
            _systemIdentifier = string.Create(CultureInfo.InvariantCulture, $"{Random.Shared.NextInt64(1L << 60, long.MaxValue)}");
            _timeline = 1;
            _log.Clear();
            _synchronousStandby = null;
            return _systemIdentifier;
        }
    }

    public SimulatedBackup Backup()
    {
        lock (_gate)
        {
            return _systemIdentifier is null
                ? throw new InvalidOperationException("no database to back up")
                : new SimulatedBackup(_systemIdentifier, _timeline, [.. _log]);
        }
    }

    public void Restore(SimulatedBackup backup)
    {
        lock (_gate)
        {
            _systemIdentifier = backup.SystemIdentifier;
            _timeline = backup.Timeline;
            _log.Clear();
            _log.AddRange(backup.Entries);
            _synchronousStandby = null;
        }
    }

    /// <summary>Drops the entries <paramref name="source"/> lacks (rows written after the histories forked); null when they are not the same cluster.</summary>
    public int? Rewind(SimulatedBackup source)
    {
        lock (_gate)
        {
            if (_systemIdentifier != source.SystemIdentifier)
            {
                return null;
            }

            var common = 0;
            while (common < _log.Count && common < source.Entries.Count && _log[common] == source.Entries[common])
            {
                common++;
            }

            var dropped = _log.Count - common;
            _log.RemoveRange(common, dropped);
            _timeline = source.Timeline;
            _synchronousStandby = null;
            return dropped;
        }
    }

    /// <summary>Makes the member a primary (at start, or by promotion, which opens a new timeline) or a standby.</summary>
    public void SetRole(bool primary, bool newTimeline = false)
    {
        lock (_gate)
        {
            IsPrimary = primary;
            IsShuttingDown = false;
            if (newTimeline)
            {
                _timeline++;
            }

            _replicas.Clear();
            Changed();
        }
    }

    /// <summary>Refuses new commits from now until the next start (a fast shutdown).</summary>
    public void BeginShutdown()
    {
        lock (_gate)
        {
            IsShuttingDown = true;
        }
    }

    /// <summary>Commits a row locally; returns the count the synchronous standby must acknowledge, or null on a standby or while shutting down.</summary>
    public int? Append(long id)
    {
        lock (_gate)
        {
            if (!IsPrimary || IsShuttingDown)
            {
                return null;
            }

            _log.Add(new SimulatedEntry(id, _timeline));
            Changed();
            return _log.Count;
        }
    }

    /// <summary>Whether a commit at <paramref name="count"/> may be acknowledged: no synchronous standby, or it holds the row.</summary>
    public bool IsSynchronouslyCommitted(int count)
    {
        lock (_gate)
        {
            return string.IsNullOrEmpty(_synchronousStandby)
                || _replicas.Any(r => r.Name == _synchronousStandby && r.Streaming && r.Acknowledged >= count);
        }
    }

    public IReadOnlyList<long> Rows()
    {
        lock (_gate)
        {
            return [.. _log.Select(e => e.Id)];
        }
    }

    public void SetSynchronousStandby(string? standby)
    {
        lock (_gate)
        {
            _synchronousStandby = string.IsNullOrEmpty(standby) ? null : standby;
            Changed();
        }
    }

    /// <summary>A standby asks to stream from <paramref name="count"/> entries on, the last of which it holds as <paramref name="last"/>.</summary>
    public (SimulatedReplica? Replica, int Timeline, string? Error) AddReplica(string name, int count, SimulatedEntry? last)
    {
        lock (_gate)
        {
            if (!IsPrimary)
            {
                return (null, _timeline, "recovery is in progress");
            }

            if (count > _log.Count || (count > 0 && _log[count - 1] != last))
            {
                return (null, _timeline, "requested starting point is not in this server's history (the standby needs a rewind)");
            }

            var replica = new SimulatedReplica(name, count) { Streaming = count == _log.Count };
            _replicas.Add(replica);
            Changed();
            return (replica, _timeline, null);
        }
    }

    public void RemoveReplica(SimulatedReplica replica)
    {
        lock (_gate)
        {
            _replicas.Remove(replica);
            Changed();
        }
    }

    public void Acknowledge(SimulatedReplica replica, int count)
    {
        lock (_gate)
        {
            replica.Acknowledged = count;
            replica.Streaming |= count >= _log.Count;
            Changed();
        }
    }

    /// <summary>The entries from <paramref name="from"/> on (empty when there are none yet).</summary>
    public IReadOnlyList<SimulatedEntry> EntriesFrom(int from)
    {
        lock (_gate)
        {
            return from >= _log.Count ? [] : _log[from..];
        }
    }

    /// <summary>A standby stores an entry streamed from its primary; false when it does not continue this log.</summary>
    public bool Receive(SimulatedEntry entry, int position, out int count)
    {
        lock (_gate)
        {
            count = _log.Count;
            if (IsPrimary || position != _log.Count)
            {
                return false;
            }

            _log.Add(entry);
            count = _log.Count;
            Changed();
            return true;
        }
    }

    /// <summary>A standby follows its primary's timeline (recovery_target_timeline = latest).</summary>
    public void FollowTimeline(int timeline)
    {
        lock (_gate)
        {
            _timeline = Math.Max(_timeline, timeline);
        }
    }

    /// <summary>The count of entries and the last one, which a standby names when it asks to stream.</summary>
    public (int Count, SimulatedEntry? Last) Tip()
    {
        lock (_gate)
        {
            return (_log.Count, _log.Count == 0 ? null : _log[^1]);
        }
    }

    /// <summary>Whether every streaming standby holds the whole log (a fast shutdown waits for it, as PostgreSQL's WAL senders do).</summary>
    public bool ReplicasCaughtUp()
    {
        lock (_gate)
        {
            return _replicas.All(r => r.Acknowledged >= _log.Count);
        }
    }

    public InstanceStatus Status()
    {
        lock (_gate)
        {
            var position = Position(_log.Count);
            var standbys = _replicas
                .Select(r => new StandbyStatus(r.Name, r.Streaming ? "streaming" : "catchup", r.Name == _synchronousStandby && r.Streaming ? "sync" : "async", Position(r.Acknowledged)))
                .OrderBy(s => s.Name, StringComparer.Ordinal)
                .ToList();
            return new InstanceStatus(Running: true, InRecovery: !IsPrimary, position, position, _timeline, standbys);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> (read under the state's lock) holds.</summary>
    public async Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition())
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    private void Changed()
    {
        var changed = _changed;
        _changed = NewSignal();
        changed.SetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
