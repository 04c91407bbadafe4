using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PgHa.Agent.Postgres.Local;

/// <summary>
/// A member's real PostgreSQL 15: a postmaster this process starts as its own child (not pg_ctl's daemon, so
/// <see cref="PostmasterPid"/> is the real postmaster and its death is seen at once), in <c>directory/data</c>, with
/// its socket in <c>directory/run</c> and its log in <c>directory/postgresql.log</c>. Every process it starts carries
/// a marker (see <see cref="PostgresProcesses"/>) so none outlives the host. The member's directory must be reachable
/// (its parents traversable) by <see cref="PostgresBinaries.RunAsUser"/>; deleting it is the caller's job
/// (<see cref="PostgresFiles.DeleteDirectory"/>).
/// </summary>
public sealed partial class LocalPostgres : IPostgresInstance
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly PostgresBinaries _binaries;
    private readonly ILogger _logger;
    private readonly string _marker;
    private readonly string _instanceId = Guid.NewGuid().ToString("N");
    private Process? _postmaster;

    public LocalPostgres(string name, string host, int port, string directory, PostgresBinaries bins, ILogger? logger = null, string? processMarker = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(bins);
        Name = name;
        Host = host;
        Port = port;
        Directory = Path.GetFullPath(directory);
        _binaries = bins;
        _logger = logger ?? NullLogger.Instance;
        _marker = processMarker ?? PostgresProcesses.NewMarker();
    }

    public string Name { get; }

    public string Host { get; }

    public int Port { get; }

    /// <summary>The member's own directory.</summary>
    public string Directory { get; }

    /// <summary>The data directory, <c>directory/data</c>.</summary>
    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>The Unix socket directory, <c>directory/run</c>.</summary>
    public string SocketDirectory => Path.Combine(Directory, "run");

    /// <summary>The server's log (its stderr), <c>directory/postgresql.log</c>.</summary>
    public string LogPath => Path.Combine(Directory, "postgresql.log");

    /// <summary>The marker every process of this member carries (<see cref="PostgresProcesses.MarkerVariable"/>).</summary>
    public string ProcessMarker => _marker;

    /// <summary>An Npgsql connection string to this member as the superuser, with short timeouts and no pooling.</summary>
    public string ConnectionString => ConnectionStringFor(timeoutSeconds: 1);

    public bool HasData => File.Exists(Path.Combine(DataDirectory, "PG_VERSION")) && File.Exists(Path.Combine(DataDirectory, "global", "pg_control"));

    public int? PostmasterPid => _postmaster is { HasExited: false } postmaster ? postmaster.Id : null;

    private bool IsRunning => _postmaster is { HasExited: false };

    public async Task<string> InitializeAsync(CancellationToken cancellationToken)
    {
        EnsureStopped("initialise");
        if (HasData)
        {
            throw new InvalidOperationException($"{Name} already has a database in {DataDirectory}");
        }

        await PrepareDirectoriesAsync(cancellationToken);
        PostgresFiles.DeleteDirectory(DataDirectory);
        await RunAsync(_binaries.InitDb, ["-D", DataDirectory, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--data-checksums"], cancellationToken);
        var identifier = await SystemIdentifierAsync(cancellationToken);
        PostgresLog.Initialized(_logger, Name, identifier);
        return identifier;
    }

    public async Task CloneAsync(string primaryHost, int primaryPort, CancellationToken cancellationToken)
    {
        EnsureStopped("clone");
        await PrepareDirectoriesAsync(cancellationToken);
        PostgresFiles.DeleteDirectory(DataDirectory);
        try
        {
            await RunAsync(
                _binaries.PgBasebackup,
                ["-d", PostgresConfiguration.ToolConnectionInfo(primaryHost, primaryPort), "-D", DataDirectory, "-X", "stream", "-c", "fast", "-w"],
                cancellationToken);
        }
        catch
        {
            // A half-copied directory must not pass for data.
            PostgresFiles.DeleteDirectory(DataDirectory);
            throw;
        }

        await ForgetSourceSettingsAsync(cancellationToken);
        PostgresLog.Cloned(_logger, Name, primaryHost, primaryPort);
    }

    public async Task StartAsync(PrimaryAddress? follow, CancellationToken cancellationToken)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is already running (postmaster {_postmaster!.Id})");
        }

        if (!HasData)
        {
            throw new InvalidOperationException($"{Name} has no database to start in {DataDirectory}");
        }

        await PrepareDirectoriesAsync(cancellationToken);
        await WriteConfigurationAsync(follow, cancellationToken);

        // The shell only redirects stderr into the member's log and execs the postmaster, which keeps the shell's pid.
        var start = _binaries.StartInfo("/bin/sh", ["-c", "exec \"$0\" -D \"$1\" >>\"$2\" 2>&1", _binaries.Postgres, DataDirectory, LogPath]);
        start.RedirectStandardInput = true;
        PostgresProcesses.Mark(start, _marker, _instanceId);
        _postmaster?.Dispose();
        _postmaster = Process.Start(start) ?? throw new InvalidOperationException("postgres did not start");
        _postmaster.StandardInput.Close();
        try
        {
            await WaitUntilAcceptingAsync(_postmaster, cancellationToken);
        }
        catch
        {
            await StopProcessAsync(NativeMethods.SigQuit, CancellationToken.None);
            throw;
        }

        PostgresLog.Started(_logger, Name, follow is null ? "primary" : $"standby of {follow.Host}:{follow.Port}", _postmaster.Id);
    }

    public async Task StopAsync(bool immediate, CancellationToken cancellationToken)
    {
        var wasRunning = IsRunning;
        await StopProcessAsync(immediate ? NativeMethods.SigQuit : NativeMethods.SigInt, cancellationToken);
        if (wasRunning)
        {
            PostgresLog.Stopped(_logger, Name, immediate ? "immediate" : "fast");
        }
    }

    public async Task<bool> RewindAsync(PrimaryAddress source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (IsRunning)
        {
            PostgresLog.RewindFailed(_logger, Name, source.Host, source.Port, "PostgreSQL is running; pg_rewind needs it stopped");
            return false;
        }

        if (!HasData)
        {
            PostgresLog.RewindFailed(_logger, Name, source.Host, source.Port, "there is no data directory to rewind");
            return false;
        }

        await PrepareDirectoriesAsync(cancellationToken);
        await CheckpointSourceAsync(source, cancellationToken);

        // PostgreSQL 15's pg_rewind first runs crash recovery (a single-user postgres) on a target that was not shut down cleanly.
        var result = await PostgresTool.RunAsync(
            _binaries,
            _binaries.PgRewind,
            ["--target-pgdata=" + DataDirectory, "--source-server=" + PostgresConfiguration.ToolConnectionInfo(source.Host, source.Port)],
            _marker,
            _instanceId,
            cancellationToken);
        var output = result.Output.Trim();
        if (!result.Succeeded)
        {
            PostgresLog.RewindFailed(_logger, Name, source.Host, source.Port, output);
            return false;
        }

        await ForgetSourceSettingsAsync(cancellationToken);
        PostgresLog.Rewound(_logger, Name, source.Host, source.Port, output);
        return true;
    }

    public void Kill()
    {
        if (_postmaster is { HasExited: false } postmaster)
        {
            // The postmaster only: its backends notice its death and exit on their own, as after a real crash.
            postmaster.Kill(entireProcessTree: false);

            // SIGKILL takes effect at once; waiting the moment it takes to reap makes the next check say so without a connect.
            postmaster.WaitForExit(TimeSpan.FromSeconds(2));
            PostgresLog.Killed(_logger, Name, postmaster.Id);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await StopProcessAsync(NativeMethods.SigQuit, timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            // Whatever still runs is killed below.
        }

        PostgresProcesses.KillInstance(_instanceId);
        _postmaster?.Dispose();
        _postmaster = null;
    }

    /// <summary>The last lines of the server's log, for error messages.</summary>
    public string LogTail(int lines = 20)
    {
        try
        {
            return File.Exists(LogPath) ? string.Join('\n', File.ReadLines(LogPath).TakeLast(lines)) : "(no log)";
        }
        catch (IOException e)
        {
            return $"(log unreadable: {e.Message})";
        }
    }

    private async Task StopProcessAsync(int signal, CancellationToken cancellationToken)
    {
        if (_postmaster is { HasExited: false } postmaster)
        {
            NativeMethods.Signal(postmaster.Id, signal);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(StopTimeout);
            try
            {
                await postmaster.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                PostgresLog.StopTimedOut(_logger, Name, (int)StopTimeout.TotalSeconds);
                postmaster.Kill(entireProcessTree: false);
                await postmaster.WaitForExitAsync(CancellationToken.None);
            }
        }

        // A server stopped on purpose is "not running"; one that died is still reported by its exit until the next start.
        _postmaster?.Dispose();
        _postmaster = null;
        KillLeftovers();
    }

    private void EnsureStopped(string action)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"cannot {action} {Name} while PostgreSQL runs (postmaster {_postmaster!.Id})");
        }
    }

    private void EnsureRunning(string action)
    {
        if (!IsRunning)
        {
            throw new InvalidOperationException($"cannot {action} {Name}: PostgreSQL is not running");
        }
    }

    private static string ExitDescription(Process process) =>
        process.ExitCode > 128 ? $"signal {process.ExitCode - 128}" : $"exit code {process.ExitCode}";
}
