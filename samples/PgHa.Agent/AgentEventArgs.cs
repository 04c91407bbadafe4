namespace PgHa.Agent;

/// <summary>One thing that happened to an agent, with the moment it happened.</summary>
public sealed class AgentEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    public AgentEventArgs(AgentEventKind kind, string member, string? detail, long timestamp)
    {
        Kind = kind;
        Member = member;
        Detail = detail;
        Timestamp = timestamp;
    }

    /// <summary>What happened.</summary>
    public AgentEventKind Kind { get; }

    /// <summary>The member (Pod) it happened to.</summary>
    public string Member { get; }

    /// <summary>Details for people (a reason, a standby's name), or null.</summary>
    public string? Detail { get; }

    /// <summary>When it happened: <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> (of the agent's <see cref="TimeProvider"/>), taken at the moment itself, not when the event is raised.</summary>
    public long Timestamp { get; }

    /// <inheritdoc />
    public override string ToString() => Detail is null ? $"{Member}: {Kind}" : $"{Member}: {Kind} ({Detail})";
}
