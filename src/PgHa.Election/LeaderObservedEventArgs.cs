using PgHa.Election.Records;

namespace PgHa.Election;

/// <summary>The lock changed hands (or became free), as this member observed it.</summary>
public sealed class LeaderObservedEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    /// <param name="record">The record now in the lock.</param>
    public LeaderObservedEventArgs(LeaderRecord record) => Record = record;

    /// <summary>The new holder, or null when the lock is free.</summary>
    public string? Leader => Record.Holder;

    /// <summary>The record now in the lock.</summary>
    public LeaderRecord Record { get; }
}
