using System.Diagnostics;

namespace PgHa.Packaging.Tests.Support;

/// <summary>Questions to the repository's git (read-only).</summary>
internal static class Git
{
    /// <summary>Whether <paramref name="sha"/> names a commit of the repository.</summary>
    public static bool IsCommit(string sha) => Run("cat-file", "-e", sha + "^{commit}").ExitCode == 0;

    /// <summary>The paths of the files in <paramref name="commit"/>, relative to the repository's root.</summary>
    public static HashSet<string> FilesOf(string commit) =>
        [.. Run("ls-tree", "-r", "--name-only", commit).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>The paths of the files the working tree has changed, added or not yet tracked since HEAD.</summary>
    public static HashSet<string> UncommittedFiles() =>
        [.. Run("status", "--porcelain=v1", "--untracked-files=all", "-z").Output
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(e => e.Length > 3)
            .Select(e => e[3..])];

    /// <summary>Runs git in <paramref name="directory"/>; throws unless it succeeds.</summary>
    public static string In(string directory, params string[] arguments)
    {
        var (exitCode, output) = Run(directory, arguments);
        return exitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', arguments)} exited with {exitCode}");
    }

    private static (int ExitCode, string Output) Run(params string[] arguments) => Run(RepositoryRoot.Path, arguments);

    private static (int ExitCode, string Output) Run(string directory, string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"git {string.Join(' ', arguments)} ran over 30 s");
        }

        return (process.ExitCode, output.Result);
    }
}
