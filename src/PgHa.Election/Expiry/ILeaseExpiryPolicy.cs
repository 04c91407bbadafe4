using PgHa.Election.Records;

namespace PgHa.Election.Expiry;

/// <summary>Decides when an observed lock becomes free. Implementations are pure: the clock is an input.</summary>
public interface ILeaseExpiryPolicy
{
    /// <summary>The observation after reading <paramref name="read"/> at <paramref name="now"/>, given the previous one.</summary>
    /// <param name="previous">The previous observation, or null for the first read.</param>
    /// <param name="read">What was just read from the lock object.</param>
    /// <param name="now">The local clock now.</param>
    LeaseObservation Observe(LeaseObservation? previous, RecordReadResult read, ClockReading now);

    /// <summary>
    /// The monotonic timestamp at which the observed lock is free: it may be taken when <c>now.Timestamp &gt;=</c> the
    /// result. A lock that nobody holds is free at once (<see cref="long.MinValue"/>).
    /// </summary>
    /// <param name="observation">The current observation.</param>
    /// <param name="defaultTtl">The lease duration to use when the record does not state one.</param>
    /// <param name="now">The local clock now.</param>
    long FreeAt(LeaseObservation observation, TimeSpan defaultTtl, ClockReading now);
}
