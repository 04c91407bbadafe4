namespace PgHa.Demo.Load;

/// <summary>What the demo's client does through the master Service: write one numbered row, and read back every number.</summary>
internal interface IDatabaseClient : IAsyncDisposable
{
    /// <summary>Creates what the writes need (once, through the Service).</summary>
    Task PrepareAsync(CancellationToken cancellationToken);

    /// <summary>Writes row <paramref name="id"/>; returns only once the database acknowledged the commit, else throws.</summary>
    Task WriteAsync(long id, CancellationToken cancellationToken);

    /// <summary>Every row number the database holds now (read through the Service).</summary>
    Task<IReadOnlyCollection<long>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Drops the connection after a failure, so the next write reconnects through the Service.</summary>
    Task ResetAsync();
}
