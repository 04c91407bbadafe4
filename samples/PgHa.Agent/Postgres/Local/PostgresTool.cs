using System.Diagnostics;
using System.Text;

namespace PgHa.Agent.Postgres.Local;

/// <summary>The outcome of one run of a PostgreSQL program: its exit code and its output (stdout and stderr, interleaved).</summary>
internal sealed record ToolResult(string Program, int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with the program's output when it failed.</summary>
    public ToolResult EnsureSucceeded() => Succeeded
        ? this
        : throw new InvalidOperationException($"{Path.GetFileName(Program)} failed (exit code {ExitCode}): {Output.Trim()}");
}

/// <summary>Runs PostgreSQL's command-line programs (initdb, pg_basebackup, pg_rewind, ...) to completion as the PostgreSQL user.</summary>
internal static class PostgresTool
{
    /// <summary>Runs <paramref name="program"/>; cancellation kills it (and whatever it started, through the instance's marker).</summary>
    public static async Task<ToolResult> RunAsync(
        PostgresBinaries binaries, string program, IEnumerable<string> arguments, string marker, string instanceId, CancellationToken cancellationToken)
    {
        var start = binaries.StartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        PostgresProcesses.Mark(start, marker, instanceId);

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{program} did not start");
        }

        // No program here asks for input; a closed stdin makes one that would (a password prompt) fail instead of hang.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            PostgresProcesses.KillInstance(instanceId);
            throw;
        }

        lock (output)
        {
            return new ToolResult(program, process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
