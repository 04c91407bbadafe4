namespace PgHa.Election.Decisions;

/// <summary>What the elector does next.</summary>
internal enum ElectionActionKind
{
    /// <summary>Nothing until <see cref="ElectionAction.Until"/> or until the lock changes.</summary>
    Wait,

    /// <summary>Take the lock (create it, or compare-and-swap the version last read).</summary>
    Acquire,

    /// <summary>Renew the lock held.</summary>
    Renew,

    /// <summary>Stop leading now, before the lease could expire for the others.</summary>
    StepDown,
}

/// <summary>The decider's answer: an action, the instant to wait for, and for a step-down the reason.</summary>
internal readonly record struct ElectionAction(ElectionActionKind Kind, long Until = long.MaxValue, string? Reason = null)
{
    public static ElectionAction Acquire => new(ElectionActionKind.Acquire);

    public static ElectionAction Renew => new(ElectionActionKind.Renew);

    public static ElectionAction WaitUntil(long until) => new(ElectionActionKind.Wait, until);

    public static ElectionAction StepDown(string reason) => new(ElectionActionKind.StepDown, Reason: reason);
}
