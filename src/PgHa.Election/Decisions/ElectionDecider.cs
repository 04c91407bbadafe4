namespace PgHa.Election.Decisions;

/// <summary>
/// The elector's next step as a pure function of its situation: no I/O, no clock reads, so every rule is
/// tested on its own. The rules, in order:
/// <list type="bullet">
/// <item>A leader whose renew deadline (measured from the start of its last successful renew) has come steps down, before the lease can expire for anyone else.</item>
/// <item>A leader that sees another holder in the lock steps down at once.</item>
/// <item>A leader renews every loop wait, and after a failure retries soon, until the deadline.</item>
/// <item>A member that released the lock abstains for a while, so that another takes it.</item>
/// <item>A member that is not leading takes a lock that does not exist, that nobody holds, that has expired, or that still names itself; but only if eligible, and not while deferring to a healthier member.</item>
/// <item>Otherwise it waits for the exact expiry instant (or for the lock to change).</item>
/// </list>
/// </summary>
internal static class ElectionDecider
{
    public static ElectionAction Next(in ElectionInputs inputs)
    {
        var now = inputs.Now;
        var timings = inputs.Timings;
        if (inputs.IsLeader)
        {
            var deadline = now.After(inputs.LastRenewStartedAt, timings.RenewDeadline);
            if (now.Timestamp >= deadline)
            {
                return ElectionAction.StepDown("could not renew the lock before its renew deadline");
            }

            if (inputs.Observation is { } seen && seen.CountsAsHeld && !seen.Record.IsHeldBy(inputs.Identity))
            {
                return ElectionAction.StepDown($"the lock is held by {seen.Record.Holder ?? "an unknown holder"}");
            }

            var due = inputs.LastAttemptFailedAt is { } failedAt
                ? now.After(failedAt, timings.RetryInterval)
                : now.After(inputs.LastRenewStartedAt, timings.LoopWait);
            return now.Timestamp >= due ? ElectionAction.Renew : ElectionAction.WaitUntil(Math.Min(due, deadline));
        }

        if (inputs.Observation is not { } observation)
        {
            // Not read yet (or the last read failed): the elector reads before deciding again.
            return ElectionAction.WaitUntil(long.MaxValue);
        }

        if (now.Timestamp < inputs.AbstainUntil)
        {
            return ElectionAction.WaitUntil(inputs.AbstainUntil);
        }

        var ownStaleLock = observation.Record.IsHeldBy(inputs.Identity) && !observation.Malformed;
        if (!ownStaleLock && inputs.LockExists && now.Timestamp < inputs.FreeAt)
        {
            return ElectionAction.WaitUntil(inputs.FreeAt);
        }

        if (!ownStaleLock && !inputs.Eligible)
        {
            return ElectionAction.WaitUntil(now.After(now.Timestamp, timings.RecheckInterval));
        }

        if (!ownStaleLock && inputs.DeferUntil is { } deferUntil && now.Timestamp < deferUntil)
        {
            return ElectionAction.WaitUntil(deferUntil);
        }

        if (inputs.LastAttemptFailedAt is { } failed && now.Timestamp < now.After(failed, timings.RetryInterval))
        {
            return ElectionAction.WaitUntil(now.After(failed, timings.RetryInterval));
        }

        return ElectionAction.Acquire;
    }
}
