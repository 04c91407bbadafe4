using PgHa.Agent.Postgres;

namespace PgHa.Agent.Eligibility;

/// <summary>What the agent knows about its member when the elector asks whether it may lead (from the last health check; the elector never waits for PostgreSQL).</summary>
/// <param name="Status">The last health check, or null before the first.</param>
/// <param name="HasData">Whether the data directory holds a database.</param>
/// <param name="Rejoining">A former primary not yet back as a standby (its data may have diverged).</param>
/// <param name="Stopping">The agent is stopping or crashed.</param>
internal sealed record MemberSnapshot(InstanceStatus? Status, bool HasData, bool Rejoining, bool Stopping);
