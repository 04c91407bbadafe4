using PgHa.Election.Expiry;

namespace PgHa.Election.Decisions;

/// <summary>Everything the decider needs, gathered by the elector from its state and its clock.</summary>
/// <param name="Identity">This member.</param>
/// <param name="IsLeader">True while this member leads.</param>
/// <param name="LastRenewStartedAt">When the last successful acquire or renew request started (leaders only).</param>
/// <param name="LastAttemptFailedAt">When the last acquire or renew attempt failed, or null after a success.</param>
/// <param name="LockExists">False when the lock object does not exist (it must be created).</param>
/// <param name="Observation">The lock as last observed, or null before the first read.</param>
/// <param name="FreeAt">When the observed lock is free (from the expiry policy).</param>
/// <param name="Eligible">True when this member may take the lock (nofailover, lag).</param>
/// <param name="DeferUntil">Until when to leave the lock to a healthier member, if one is ahead.</param>
/// <param name="AbstainUntil">Until when not to take the lock at all, after releasing it (so the others can).</param>
/// <param name="Now">The clock now.</param>
/// <param name="Timings">The loop's timings.</param>
internal readonly record struct ElectionInputs(
    string Identity,
    bool IsLeader,
    long LastRenewStartedAt,
    long? LastAttemptFailedAt,
    bool LockExists,
    LeaseObservation? Observation,
    long FreeAt,
    bool Eligible,
    long? DeferUntil,
    long AbstainUntil,
    ClockReading Now,
    ElectionTimings Timings);
