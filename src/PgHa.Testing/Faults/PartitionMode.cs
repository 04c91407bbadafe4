namespace PgHa.Testing.Faults;

/// <summary>What a partitioned client experiences.</summary>
public enum PartitionMode
{
    /// <summary>Requests and watch streams stall until the partition heals or the client gives up (a black hole).</summary>
    Hang,

    /// <summary>Connections are reset at once (a refused or broken network).</summary>
    Fail,
}
