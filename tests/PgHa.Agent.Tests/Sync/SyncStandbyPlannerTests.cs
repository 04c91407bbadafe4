using PgHa.Agent.Postgres;
using PgHa.Agent.Sync;

namespace PgHa.Agent.Tests.Sync;

public sealed class SyncStandbyPlannerTests
{
    private static StandbyStatus S(string name, string state = "streaming", string sync = "async", long flush = 100) => new(name, state, sync, flush);

    public static TheoryData<string?, string?, StandbyStatus[], string, string?> Cases => new()
    {
        // recorded, configured, pg_stat_replication -> plan
        { null, null, [], nameof(SyncPlanKind.Keep), null },
        { null, null, [S("b"), S("c", flush: 200)], nameof(SyncPlanKind.Change), "c" },
        { null, null, [S("b", state: "catchup"), S("c")], nameof(SyncPlanKind.Change), "c" },
        { null, "b", [S("b", sync: "sync")], nameof(SyncPlanKind.Record), "b" },
        { "b", "b", [S("b", sync: "sync")], nameof(SyncPlanKind.Keep), null },
        { null, "b", [S("b", sync: "potential")], nameof(SyncPlanKind.Keep), null },
        { "b", "b", [S("c")], nameof(SyncPlanKind.Change), "c" },
        { "b", "b", [S("b", state: "catchup"), S("c")], nameof(SyncPlanKind.Change), "c" },
        { "b", "b", [], nameof(SyncPlanKind.Keep), null },
        { "b", "b", [S("c", state: "catchup")], nameof(SyncPlanKind.Keep), null },
        { null, null, [S("c"), S("b")], nameof(SyncPlanKind.Change), "b" },
        { null, null, [S("pg_basebackup", flush: 900), S("b")], nameof(SyncPlanKind.Change), "b" },
        { null, null, [S("pg_basebackup")], nameof(SyncPlanKind.Keep), null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plans_as_Patroni_synchronous_mode(string? recorded, string? configured, StandbyStatus[] standbys, string kind, string? standby)
    {
        var plan = SyncStandbyPlanner.Plan(recorded, configured, standbys, new HashSet<string> { "b", "c" });
        plan.Kind.Should().Be(Enum.Parse<SyncPlanKind>(kind), plan.Reason);
        plan.Standby.Should().Be(standby);
        plan.Reason.Should().NotBeNullOrEmpty();
    }
}
