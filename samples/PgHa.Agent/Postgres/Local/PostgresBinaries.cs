using System.Diagnostics;

namespace PgHa.Agent.Postgres.Local;

/// <summary>
/// PostgreSQL 15's programs and the user they run as. PostgreSQL refuses to run as root, so when this process is root
/// every program runs as <c>postgres</c> through <c>setpriv</c> (which execs: the started process id is the
/// program's own) and the member's directories are handed to that user.
/// </summary>
public sealed class PostgresBinaries
{
    /// <summary>The environment variable that names the directory of PostgreSQL's programs.</summary>
    public const string DirectoryVariable = "PGHA_POSTGRES_BIN";

    /// <summary>Where Debian and Ubuntu install PostgreSQL 15.</summary>
    public const string DefaultDirectory = "/usr/lib/postgresql/15/bin";

    private static readonly string[] Programs = ["initdb", "postgres", "pg_ctl", "pg_basebackup", "pg_rewind", "pg_controldata"];

    private PostgresBinaries(string directory, string runAsUser, string? setpriv)
    {
        Directory = directory;
        RunAsUser = runAsUser;
        Setpriv = setpriv;
    }

    /// <summary>The directory holding the programs.</summary>
    public string Directory { get; }

    /// <summary>The user PostgreSQL runs as: <c>postgres</c> when this process is root, else the current user.</summary>
    public string RunAsUser { get; }

    /// <summary>The <c>setpriv</c> program when programs run as another user (this process is root), else null.</summary>
    public string? Setpriv { get; }

    /// <summary>Whether the programs run as another user than this process, whose files must be handed over to them.</summary>
    public bool SwitchesUser => Setpriv is not null;

    public string InitDb => Path.Combine(Directory, "initdb");

    public string Postgres => Path.Combine(Directory, "postgres");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    public string PgBasebackup => Path.Combine(Directory, "pg_basebackup");

    public string PgRewind => Path.Combine(Directory, "pg_rewind");

    public string PgControlData => Path.Combine(Directory, "pg_controldata");

    /// <summary>
    /// Finds PostgreSQL's programs: in <c>PGHA_POSTGRES_BIN</c> when set, else in <see cref="DefaultDirectory"/>, else
    /// on the PATH. Returns null, with <paramref name="missing"/> saying why, when they cannot run here.
    /// </summary>
    public static PostgresBinaries? Find(out string? missing)
    {
        var directory = FindDirectory(out missing);
        if (directory is null)
        {
            return null;
        }

        if (!OperatingSystem.IsLinux())
        {
            missing = "running PostgreSQL members needs Linux";
            return null;
        }

        if (Environment.UserName != "root")
        {
            return new PostgresBinaries(directory, Environment.UserName, setpriv: null);
        }

        if (!File.ReadLines("/etc/passwd").Any(line => line.StartsWith("postgres:", StringComparison.Ordinal)))
        {
            missing = "this process is root, and there is no postgres user to run PostgreSQL as";
            return null;
        }

        var setpriv = FindOnPath("setpriv");
        if (setpriv is null)
        {
            missing = "this process is root, and setpriv (util-linux) is missing to run PostgreSQL as postgres";
            return null;
        }

        return new PostgresBinaries(directory, "postgres", setpriv);
    }

    /// <summary>How to start <paramref name="program"/> as <see cref="RunAsUser"/>, with nothing redirected yet.</summary>
    internal ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments)
    {
        var start = Setpriv is null
            ? new ProcessStartInfo(program, arguments)
            : new ProcessStartInfo(Setpriv, ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", program, .. arguments]);
        start.UseShellExecute = false;

        // The tools read no environment we rely on; a stray PGHOST or PGPORT would point them elsewhere.
        foreach (var variable in new[] { "PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGDATA", "PGOPTIONS", "PGSERVICE" })
        {
            start.Environment.Remove(variable);
        }

        return start;
    }

    private static string? FindDirectory(out string? missing)
    {
        missing = null;
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured)
        {
            var absent = Absent(configured);
            missing = absent is null ? null : $"{DirectoryVariable}={configured} lacks {absent}";
            return absent is null ? configured : null;
        }

        if (Absent(DefaultDirectory) is null)
        {
            return DefaultDirectory;
        }

        if (FindOnPath("postgres") is { } onPath && Path.GetDirectoryName(onPath) is { } pathDirectory && Absent(pathDirectory) is null)
        {
            return pathDirectory;
        }

        missing = $"PostgreSQL 15 is not installed ({DefaultDirectory}/postgres is missing and postgres is not on the PATH; Debian package postgresql-15, or set {DirectoryVariable})";
        return null;
    }

    private static string? Absent(string directory) => Programs.FirstOrDefault(program => !File.Exists(Path.Combine(directory, program)));

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/sbin").Append("/bin")
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
