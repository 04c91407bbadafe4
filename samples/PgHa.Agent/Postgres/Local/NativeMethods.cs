using System.Runtime.InteropServices;

namespace PgHa.Agent.Postgres.Local;

/// <summary>POSIX signals, which .NET's Process cannot send except SIGKILL; PostgreSQL's shutdown modes are signals.</summary>
internal static class NativeMethods
{
    /// <summary>Fast shutdown: abort sessions, checkpoint, ship the WAL to standbys, exit.</summary>
    public const int SigInt = 2;

    /// <summary>Immediate shutdown: exit at once; the next start runs crash recovery.</summary>
    public const int SigQuit = 3;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process is gone.</summary>
    public static bool Signal(int pid, int signal) => Kill(pid, signal) == 0;
}
