namespace PgHa.Agent.Postgres.Local;

// A member's directories, configuration files and command-line tools.
public sealed partial class LocalPostgres
{
    // Backends of a killed postmaster exit on their own, but a new postmaster (or pg_rewind's single-user server)
    // refuses to start while they still hold the old shared memory.
    private void KillLeftovers()
    {
        var killed = PostgresProcesses.KillInstance(_instanceId);
        if (killed > 0)
        {
            PostgresLog.LeftoversKilled(_logger, Name, killed);
        }
    }

    private async Task PrepareDirectoriesAsync(CancellationToken cancellationToken)
    {
        KillLeftovers();
        System.IO.Directory.CreateDirectory(Directory);
        System.IO.Directory.CreateDirectory(SocketDirectory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // Only the member's own directory and the files it writes; the data directory is already the user's.
        await PostgresFiles.HandOverAsync(_binaries, Directory, cancellationToken);
    }

    private async Task WriteConfigurationAsync(PrimaryAddress? follow, CancellationToken cancellationToken)
    {
        // A Unix socket path longer than sockaddr_un allows (107 bytes) would stop the server; everything here uses TCP anyway.
        var socketDirectory = Path.Combine(SocketDirectory, $".s.PGSQL.{Port}").Length < 108 ? SocketDirectory : "";
        await PostgresFiles.WriteAsync(_binaries, Path.Combine(DataDirectory, "postgresql.conf"), PostgresConfiguration.Settings(Name, Host, Port, socketDirectory, follow), cancellationToken);
        await PostgresFiles.WriteAsync(_binaries, Path.Combine(DataDirectory, "pg_hba.conf"), PostgresConfiguration.HostBasedAuthentication, cancellationToken);
        File.Delete(Path.Combine(DataDirectory, "recovery.signal"));
        var standbySignal = Path.Combine(DataDirectory, "standby.signal");
        if (follow is null)
        {
            File.Delete(standbySignal);
        }
        else
        {
            await PostgresFiles.WriteAsync(_binaries, standbySignal, "", cancellationToken);
        }
    }

    // A base backup or pg_rewind copies the source's postgresql.auto.conf (its ALTER SYSTEM settings, such as whom it
    // waited for as synchronous standby); this member starts from none.
    private Task ForgetSourceSettingsAsync(CancellationToken cancellationToken) =>
        PostgresFiles.WriteAsync(_binaries, Path.Combine(DataDirectory, "postgresql.auto.conf"), PostgresConfiguration.EmptyAutoConf, cancellationToken);

    private async Task<string> SystemIdentifierAsync(CancellationToken cancellationToken)
    {
        var output = (await RunAsync(_binaries.PgControlData, ["-D", DataDirectory], cancellationToken)).Output;
        const string label = "Database system identifier:";
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(label, StringComparison.Ordinal))
            ?? throw new InvalidOperationException("pg_controldata printed no system identifier: " + output);
        return line[label.Length..].Trim();
    }

    private async Task<ToolResult> RunAsync(string program, string[] arguments, CancellationToken cancellationToken) =>
        (await PostgresTool.RunAsync(_binaries, program, arguments, _marker, _instanceId, cancellationToken)).EnsureSucceeded();
}
