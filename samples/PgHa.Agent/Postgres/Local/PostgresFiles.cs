using System.Diagnostics;

namespace PgHa.Agent.Postgres.Local;

/// <summary>Files and directories of a member that PostgreSQL, possibly another user, owns.</summary>
public static class PostgresFiles
{
    /// <summary>
    /// Deletes a member's directory with everything PostgreSQL wrote into it (files it owns, with modes 0600/0700);
    /// a missing directory is fine. Retries briefly: a postmaster that was just killed may still be removing files.
    /// </summary>
    public static void DeleteDirectory(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (Exception e) when (attempt < 20 && e is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>Empties a directory without removing it.</summary>
    internal static void Empty(string path)
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(path))
        {
            Directory.Delete(directory, recursive: true);
        }

        foreach (var file in Directory.EnumerateFiles(path))
        {
            File.Delete(file);
        }
    }

    /// <summary>Hands <paramref name="path"/> (recursively) to the user PostgreSQL runs as, when that is another user.</summary>
    internal static async Task HandOverAsync(PostgresBinaries binaries, string path, CancellationToken cancellationToken)
    {
        if (!binaries.SwitchesUser)
        {
            return;
        }

        using var chown = Process.Start(new ProcessStartInfo("chown", ["-R", $"{binaries.RunAsUser}:{binaries.RunAsUser}", path]) { UseShellExecute = false, RedirectStandardError = true })
            ?? throw new InvalidOperationException("chown did not start");
        var error = await chown.StandardError.ReadToEndAsync(cancellationToken);
        await chown.WaitForExitAsync(cancellationToken);
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown -R {binaries.RunAsUser} {path} failed: {error.Trim()}");
        }
    }

    /// <summary>Writes a file PostgreSQL reads, owned by its user and readable by it only (as initdb leaves its own).</summary>
    internal static async Task WriteAsync(PostgresBinaries binaries, string path, string content, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(path, content, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await HandOverAsync(binaries, path, cancellationToken);
    }
}
