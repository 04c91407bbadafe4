namespace PgHa.Testing.Tests.Support;

/// <summary>Upper bounds for waits in tests: they only ever fail a test, they never make one pass.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    public static CancellationToken Token() => new CancellationTokenSource(Default).Token;
}
