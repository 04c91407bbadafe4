using System.Diagnostics;
using PgHa.Agent.Postgres.Local;

namespace PgHa.Agent.Tests.Postgres;

public sealed class PostgresProcessesTests
{
    [SkippableFact]
    public void Orphans_of_a_dead_host_are_killed_and_processes_of_a_live_host_are_not()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "markers are read from /proc");
        var orphanMarker = $"{DeadProcessId()}:{Guid.NewGuid():N}";
        var liveMarker = PostgresProcesses.NewMarker();
        using var orphan = StartMarked(orphanMarker);
        using var live = StartMarked(liveMarker);
        try
        {
            PostgresProcesses.Find(orphanMarker).Should().Equal(orphan.Id);

            PostgresProcesses.KillOrphans().Should().BeGreaterThanOrEqualTo(1);

            orphan.WaitForExit(TimeSpan.FromSeconds(5)).Should().BeTrue("the orphan was killed");
            live.HasExited.Should().BeFalse("its host (this process) is alive");
            PostgresProcesses.KillAll(liveMarker).Should().Be(1);
            live.WaitForExit(TimeSpan.FromSeconds(5)).Should().BeTrue();
            PostgresProcesses.Find(liveMarker).Should().BeEmpty();
        }
        finally
        {
            PostgresProcesses.KillAll(orphanMarker);
            PostgresProcesses.KillAll(liveMarker);
        }
    }

    private static Process StartMarked(string marker)
    {
        var start = new ProcessStartInfo("sleep", ["60"]) { UseShellExecute = false };
        start.Environment[PostgresProcesses.MarkerVariable] = marker;
        return Process.Start(start)!;
    }

    // The id of a process that ran and is gone: a child that exited.
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        PostgresProcesses.IsAlive(process.Id).Should().BeFalse();
        return process.Id;
    }
}
