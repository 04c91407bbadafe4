namespace PgHa.Agent.Postgres.Simulated;

/// <summary>
/// One committed row in a simulated member's log (its WAL): the row's id and the timeline it was written on. Two logs
/// share history exactly as far as their entries are equal, which is what replication and rewind compare.
/// </summary>
internal readonly record struct SimulatedEntry(long Id, int Timeline);

/// <summary>A copy of a member's whole database, as a base backup (<c>BASEBACKUP</c>) transfers it.</summary>
internal sealed record SimulatedBackup(string SystemIdentifier, int Timeline, IReadOnlyList<SimulatedEntry> Entries);
