using PgHa.Agent.Postgres;

namespace PgHa.Agent.Tests.Postgres;

/// <summary>Waits for a condition by asking again every few milliseconds; the token's timeout only ever fails a test.</summary>
internal static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, CancellationToken cancellationToken)
    {
        T last;
        while (true)
        {
            last = await read();
            if (condition(last))
            {
                return last;
            }

            try
            {
                await Task.Delay(25, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"gave up waiting until {what}; last seen: {last}");
            }
        }
    }

    /// <summary>Waits until a member's health check satisfies <paramref name="condition"/>.</summary>
    public static Task<InstanceStatus> StatusAsync(IPostgresInstance member, Func<InstanceStatus, bool> condition, string what, CancellationToken cancellationToken) =>
        WaitAsync(() => member.CheckAsync(cancellationToken), condition, $"{member.Name}: {what}", cancellationToken);

    public static string Describe(InstanceStatus status) =>
        $"{status} standbys: [{string.Join(", ", status.Standbys)}]";
}
