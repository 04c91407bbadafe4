using PgHa.Operator.Tests.Support;

namespace PgHa.Operator.Tests.Properties;

/// <summary>
/// On the embedded server: malformed <c>postgresql</c> objects the API server stores (its schema checks types and
/// presence, not what the operator needs) each get an Invalid condition naming the field, and the operator keeps
/// serving the valid clusters, one of them with a lock that declares a ttl of decades.
/// </summary>
public sealed class MalformedClusterPropertyTests
{
    private const string Healthy = "healthy";
    private const string Patient = "patient";

    // Name, teamId, version, and the field the condition must name. The first four failed every reconcile with an
    // ArgumentException from the router (retried with back-off, no status) before ClusterSpec checked them.
    private static readonly (string Name, string Team, string Version, string Field)[] Cases =
    [
        ("team-space", "Acid Team", "15", "spec.teamId"),
        ("c" + new string('x', 59), "acid", "15", "metadata.name"),
        ("db.one", "acid", "15", "metadata.name"),
        ("team-long", new string('t', 64), "15", "spec.teamId"),
        ("team-huge", new string('x', 10_000), "15", "spec.teamId"),
        ("blank-version", "acid", "  ", "spec.postgresql.version"),
    ];

    [Fact]
    public async Task Malformed_clusters_get_a_condition_naming_the_field_and_valid_ones_keep_being_served()
    {
        // One worker: a reconcile that threw out of the worker loop would stop the whole operator, not a quarter of it.
        await using var harness = await OperatorHarness.StartAsync(o => o.MaxConcurrentReconciles = 1);

        // A lock whose ttl is 68 years asks for a recheck no timer can wait for; the queue waits a day instead.
        await harness.CreateClusterAsync(Patient);
        await harness.CreateMemberAsync(Patient, 0, OperatorHarness.PodIp(1, 0));
        await harness.WriteLockAsync(Patient, OperatorHarness.PodName(Patient, 0), 1, ttlSeconds: int.MaxValue);
        await harness.WaitForRouteAsync(Patient, OperatorHarness.PodIp(1, 0));

        foreach (var (name, team, version, _) in Cases)
        {
            await harness.CreateRawClusterAsync(name, new Dictionary<string, object>
            {
                ["teamId"] = team,
                ["numberOfInstances"] = 2,
                ["postgresql"] = new Dictionary<string, object> { ["version"] = version },
                ["volume"] = new Dictionary<string, object> { ["size"] = "1Gi" },
            });
        }

        await harness.CreateClusterAsync(Healthy);
        await harness.CreateMemberAsync(Healthy, 0, OperatorHarness.PodIp(0, 0));
        await harness.WriteLockAsync(Healthy, OperatorHarness.PodName(Healthy, 0), 1);

        foreach (var (name, _, _, field) in Cases)
        {
            var status = await harness.WaitForStatusAsync(name, s => OperatorHarness.Condition(s, "reason") == "InvalidSpec");
            status.GetProperty("PostgresClusterStatus").GetString().Should().Be("Invalid");
            OperatorHarness.Condition(status, "status").Should().Be("False");
            OperatorHarness.Condition(status, "message").Should().StartWith(field + ":");
            OperatorHarness.Condition(status, "message")!.Length.Should().BeLessThan(400, "a huge value is shown by its start");
        }

        await harness.WaitForRouteAsync(Healthy, OperatorHarness.PodIp(0, 0));
        await harness.WaitForStatusAsync(Healthy, s => OperatorHarness.Condition(s, "reason") == "Routed");

        // Still serving after all that: the patient cluster follows a new leader.
        await harness.CreateMemberAsync(Patient, 1, OperatorHarness.PodIp(1, 1));
        await harness.WriteLockAsync(Patient, OperatorHarness.PodName(Patient, 1), 2, ttlSeconds: int.MaxValue);
        await harness.WaitForRouteAsync(Patient, OperatorHarness.PodIp(1, 1));
    }
}
