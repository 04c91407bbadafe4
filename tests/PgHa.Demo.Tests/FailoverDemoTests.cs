using PgHa.Agent.Postgres.Local;

namespace PgHa.Demo.Tests;

/// <summary>
/// The README's first command as CI runs it: the failover demo in --check mode with a short ttl, with real PostgreSQL
/// (skipped, saying why, where it is missing; a failure under CI=true) and with simulated members; and Ctrl-C midway.
/// </summary>
public sealed class FailoverDemoTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);
    private static readonly string[] Short = ["--check", "--ttl", "4", "--loop-wait", "1", "--steady", "1"];

    [SkippableFact]
    public async Task Check_passes_with_real_PostgreSQL()
    {
        RequirePostgresOrSkip();

        var stdout = await RunCheckAsync([.. Short, "--seed", "42"]);

        stdout.Should().Contain("three real PostgreSQL 15 servers")
            .And.Contain("cloned the primary (pg_basebackup)");
    }

    [Fact]
    public async Task Check_passes_with_simulated_members()
    {
        var stdout = await RunCheckAsync([.. Short, "--simulate", "--seed", "7"]);

        stdout.Should().Contain("SIMULATED");
    }

    [SkippableFact]
    public async Task Ctrl_C_midway_leaves_no_processes_or_directories()
    {
        RequirePostgresOrSkip();
        using var demo = DemoProcess.Start([.. Short, "--seed", "3"]);
        using var cancel = new CancellationTokenSource(Timeout);

        string? line;
        do
        {
            line = await demo.Output.ReadLineAsync(cancel.Token);
        }
        while (line is not null && !line.Contains("The client writes", StringComparison.Ordinal));

        line.Should().NotBeNull("the demo should reach its writes before it is interrupted");
        DemoLeftovers.Processes(demo.Id).Should().NotBeEmpty("PostgreSQL runs while the demo does");
        demo.Interrupt();
        var (exitCode, stdout, stderr) = await demo.WaitForExitAsync(Timeout);

        exitCode.Should().Be(130, stdout + stderr);
        stdout.Should().Contain("stopped: every process and temporary directory of the demo is gone.");
        DemoLeftovers.Processes(demo.Id).Should().BeEmpty();
        DemoLeftovers.Directories(demo.Id).Should().BeEmpty();
    }

    private static async Task<string> RunCheckAsync(string[] args)
    {
        var log = Path.GetTempFileName();
        try
        {
            using var demo = DemoProcess.Start([.. args, "--log", log]);
            var (exitCode, stdout, stderr) = await demo.WaitForExitAsync(Timeout);

            exitCode.Should().Be(0, "the demo printed:\n{0}\n{1}\nlog tail:\n{2}", stdout, stderr, Tail(log));
            stdout.Should().Contain("check: passed")
                .And.Contain("(a) SIGKILL the primary's postmaster")
                .And.Contain("(b) SIGKILL the primary's agent and postmaster together")
                .And.Contain("(c) planned switchover")
                .And.Contain("acknowledged writes missing at the end: 0");
            DemoLeftovers.Processes(demo.Id).Should().BeEmpty();
            DemoLeftovers.Directories(demo.Id).Should().BeEmpty();
            return stdout;
        }
        finally
        {
            File.Delete(log);
        }
    }

    private static string Tail(string path) => File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(80)) : "(no log)";

    private static void RequirePostgresOrSkip()
    {
        if (PostgresBinaries.Find(out var missing) is not null)
        {
            return;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{missing}; CI=true requires PostgreSQL 15 (./test.sh installs it when run as root).");
        }

        Skip.If(true, $"{missing}; install postgresql-15 (./test.sh does it as root) to run the demo with real PostgreSQL.");
    }
}
