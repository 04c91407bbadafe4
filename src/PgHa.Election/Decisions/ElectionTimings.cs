namespace PgHa.Election.Decisions;

/// <summary>The durations the decider works with (validated in the options).</summary>
/// <param name="Ttl">The lease duration written into the lock.</param>
/// <param name="LoopWait">How often the leader renews.</param>
/// <param name="RenewDeadline">How long after the start of its last successful renew the leader steps down if it could not renew.</param>
/// <param name="RetryInterval">How soon a failed acquire or renew is tried again.</param>
/// <param name="RecheckInterval">How often an ineligible candidate looks again.</param>
internal readonly record struct ElectionTimings(TimeSpan Ttl, TimeSpan LoopWait, TimeSpan RenewDeadline, TimeSpan RetryInterval, TimeSpan RecheckInterval);
