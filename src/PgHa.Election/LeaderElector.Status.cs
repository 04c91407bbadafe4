using PgHa.Election.Expiry;

namespace PgHa.Election;

/// <summary>The elector's state as a snapshot, for health checks and diagnostics.</summary>
public sealed partial class LeaderElector
{
    // Guarded by _gate: the last answer from the API (a read, a watch event or a write).
    private ClockReading? _lastContact;

    // The exception RunAsync ended with, if it ended with one other than its cancellation.
    private Exception? _fault;

    // Whether RunAsync has ever been called (0 or 1).
    private int _started;

    /// <summary>
    /// A snapshot of the elector's state: whether it runs, leads, what it last saw of the lock and how long ago the
    /// API last answered. Reads only what the elector keeps; makes no request.
    /// </summary>
    /// <returns>The status.</returns>
    public LeaderElectorStatus GetStatus()
    {
        var fault = Volatile.Read(ref _fault);
        var state = Volatile.Read(ref _running) == 1 ? ElectorRunState.Running
            : fault is not null ? ElectorRunState.Faulted
            : Volatile.Read(ref _started) == 1 ? ElectorRunState.Stopped
            : ElectorRunState.NotStarted;
        lock (_gate)
        {
            return new LeaderElectorStatus(
                state,
                _leadership?.Term,
                _observation?.Record,
                _lastContact?.UtcNow,
                _lastContact is { } contact ? _time.GetElapsedTime(contact.Timestamp) : null,
                _options.Ttl,
                fault);
        }
    }

    private bool RecordFault(Exception e)
    {
        Volatile.Write(ref _fault, e);
        return false;
    }
}
