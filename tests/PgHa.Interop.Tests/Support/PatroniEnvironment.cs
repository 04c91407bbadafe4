namespace PgHa.Interop.Tests.Support;

/// <summary>
/// Where Patroni 3 and PostgreSQL 15 are, and whether this machine can run them: both installed, the <c>postgres</c>
/// user present, and this process root (to start them as <c>postgres</c>, since PostgreSQL refuses to run as root)
/// or <c>postgres</c> itself. Tests skip with the reason where they cannot run, except under CI=true, where they fail.
/// </summary>
internal static class PatroniEnvironment
{
    /// <summary>PostgreSQL 15's programs: <c>PGHA_POSTGRES_BIN</c>, else Debian's <c>/usr/lib/postgresql/15/bin</c>.</summary>
    public static string PostgresBin { get; } = Environment.GetEnvironmentVariable("PGHA_POSTGRES_BIN") is { Length: > 0 } bin ? bin : "/usr/lib/postgresql/15/bin";

    public static string? Patroni { get; } = Find("patroni");

    public static string? Patronictl { get; } = Find("patronictl");

    public static string? Setpriv { get; } = Find("setpriv");

    public static bool IsRoot { get; } = Environment.UserName == "root";

    /// <summary>Why Patroni cannot run here, or null when it can.</summary>
    public static string? Missing { get; } = FindMissing();

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the calling test with the reason when Patroni cannot run here; under CI=true that is a failure.</summary>
    public static void RequireOrSkip()
    {
        if (Missing is null)
        {
            return;
        }

        if (IsCi)
        {
            throw new InvalidOperationException($"{Missing}, and CI=true requires Patroni and PostgreSQL 15 (./test.sh installs them when run as root).");
        }

        Skip.If(true, $"{Missing}; run ./test.sh as root to install them, or apt-get install postgresql-15 patroni.");
    }

    private static string? FindMissing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "Patroni interop tests need Linux";
        }

        if (Patroni is null || Patronictl is null)
        {
            return "patroni is not installed (Debian package patroni)";
        }

        if (!File.Exists(Path.Combine(PostgresBin, "postgres")))
        {
            return $"PostgreSQL 15 is not installed ({PostgresBin}/postgres is missing; Debian package postgresql-15)";
        }

        if (!File.ReadLines("/etc/passwd").Any(l => l.StartsWith("postgres:", StringComparison.Ordinal)))
        {
            return "there is no postgres user to run PostgreSQL as";
        }

        if (!IsRoot && Environment.UserName != "postgres")
        {
            return "the tests must run as root (to start PostgreSQL as postgres) or as postgres";
        }

        return IsRoot && Setpriv is null ? "setpriv (util-linux) is missing" : null;
    }

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/sbin")
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
