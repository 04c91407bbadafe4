using PgHa.Agent.Postgres.Simulated;

namespace PgHa.Agent.Tests.Postgres;

public sealed class SimulatedDatabaseTests
{
    [Fact]
    public void A_standby_that_does_not_continue_the_primarys_log_may_not_stream()
    {
        var primary = Primary(1, 2, 3);

        primary.AddReplica("behind", 2, new SimulatedEntry(2, 1)).Replica.Should().NotBeNull();
        primary.AddReplica("empty", 0, null).Replica.Should().NotBeNull();
        primary.AddReplica("ahead", 4, new SimulatedEntry(4, 1)).Error.Should().Contain("rewind");
        primary.AddReplica("forked", 2, new SimulatedEntry(9, 1)).Error.Should().Contain("rewind");
        primary.AddReplica("other timeline", 2, new SimulatedEntry(2, 2)).Error.Should().Contain("rewind");
    }

    [Fact]
    public void A_standby_may_not_serve_replication()
    {
        var standby = new SimulatedDatabase();
        standby.Initialize();
        standby.SetRole(primary: false);

        standby.AddReplica("cascade", 0, null).Error.Should().Contain("recovery");
        standby.Append(1).Should().BeNull("a standby is read-only");
    }

    [Fact]
    public void A_commit_is_synchronous_once_the_named_streaming_standby_holds_it()
    {
        var primary = Primary();
        var count = primary.Append(1)!.Value;
        primary.IsSynchronouslyCommitted(count).Should().BeTrue("no synchronous standby is configured");

        primary.SetSynchronousStandby("b");
        primary.IsSynchronouslyCommitted(count).Should().BeFalse("b is not connected");
        var other = primary.AddReplica("c", count, new SimulatedEntry(1, 1)).Replica!;
        primary.Acknowledge(other, count);
        primary.IsSynchronouslyCommitted(count).Should().BeFalse("only b counts");
        var b = primary.AddReplica("b", 0, null).Replica!;
        primary.Status().Standbys.Should().ContainSingle(s => s.Name == "b").Which.Should().BeEquivalentTo(new { State = "catchup", SyncState = "async" });
        primary.Acknowledge(b, count);
        primary.IsSynchronouslyCommitted(count).Should().BeTrue();
        primary.Status().Standbys.Should().ContainSingle(s => s.Name == "b").Which.Should().BeEquivalentTo(new { State = "streaming", SyncState = "sync" });
    }

    [Fact]
    public void Rewind_drops_what_the_source_lacks_and_takes_its_timeline()
    {
        var oldPrimary = Primary(1, 2, 3);
        var backup = oldPrimary.Backup();
        var newPrimary = new SimulatedDatabase();
        newPrimary.Restore(new SimulatedBackup(backup.SystemIdentifier, 1, backup.Entries.Take(2).ToList()));
        newPrimary.SetRole(primary: true, newTimeline: true);
        newPrimary.Append(7);

        oldPrimary.Rewind(newPrimary.Backup()).Should().Be(1);

        oldPrimary.Rows().Should().Equal(1, 2);
        oldPrimary.Status().Timeline.Should().Be(2);
        oldPrimary.Rewind(Primary(1, 2).Backup()).Should().BeNull("another cluster (another system identifier) is no source");
    }

    [Fact]
    public void Positions_grow_with_the_rows()
    {
        var primary = Primary();
        var empty = primary.Status().WalPosition;
        primary.Append(1);

        primary.Status().WalPosition.Should().Be(empty + SimulatedDatabase.RowBytes);
        empty.Should().Be(SimulatedDatabase.StartPosition);
    }

    private static SimulatedDatabase Primary(params long[] rows)
    {
        var database = new SimulatedDatabase();
        database.Initialize();
        database.SetRole(primary: true);
        foreach (var row in rows)
        {
            database.Append(row);
        }

        return database;
    }
}
