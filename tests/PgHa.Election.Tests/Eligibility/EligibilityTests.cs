using k8s;
using k8s.Models;
using PgHa.Election.Eligibility;
using PgHa.Election.Records;
using PgHa.Testing;

namespace PgHa.Election.Tests.Eligibility;

public sealed class EligibilityTests
{
    [Theory]
    [InlineData(null, 10L, true)] // the last leader's optime is unknown: anyone may
    [InlineData(1_000_000L, null, false)] // own position unknown
    [InlineData(2_048_576L, 1_000_000L, true)] // 1,048,576 behind: exactly the limit
    [InlineData(2_048_577L, 1_000_000L, false)] // one byte more
    [InlineData(1_000_000L, 2_000_000L, true)] // ahead of the last optime
    public void Lag_is_judged_against_the_last_leaders_optime(long? optime, long? position, bool eligible)
    {
        ReplicationLagEligibility.Decide(optime, position, 1024 * 1024).Eligible.Should().Be(eligible);
    }

    [Fact]
    public async Task Nofailover_is_never_eligible()
    {
        var check = new ReplicationLagEligibility(_ => ValueTask.FromResult<long?>(long.MaxValue), noFailover: true, maximumLag: 0);

        var verdict = await check.CheckAsync(new LeaderRecord { Optime = 1 }, CancellationToken.None);

        verdict.Eligible.Should().BeFalse();
        verdict.Reason.Should().Contain("nofailover");
    }

    [Fact]
    public void The_healthiest_member_is_the_furthest_eligible_one_ahead()
    {
        MemberPosition[] members = [new("a", 100, false), new("b", 300, true), new("c", 200, false), new("d", null, false)];

        HealthiestMember.AheadOf("a", 100, members).Should().Be(new MemberPosition("c", 200, false), "b is nofailover, d published nothing");
        HealthiestMember.AheadOf("c", 200, members).Should().BeNull();
        HealthiestMember.AheadOf("a", null, members).Should().BeNull("a member that does not know its own position defers to nobody");
    }

    [Fact]
    public async Task Members_are_read_from_Patroni_status_annotations_on_their_pods()
    {
        await using var server = await KubeApiServer.StartAsync();
        await CreatePodAsync(server, "acid-minimal-cluster-0", """{"conn_url":"postgres://127.0.0.2:5433/postgres","state":"running","role":"master","xlog_location":50332024,"timeline":1}""");
        await CreatePodAsync(server, "acid-minimal-cluster-1", """{"state":"running","role":"replica","xlog_location":50331000,"tags":{"nofailover":true}}""");
        await CreatePodAsync(server, "acid-minimal-cluster-2", "not json");
        var directory = new PodStatusMemberDirectory(server.Client, "default", "application=spilo,cluster-name=acid-minimal-cluster");

        var members = await directory.GetMembersAsync(CancellationToken.None);

        members.Should().BeEquivalentTo([new MemberPosition("acid-minimal-cluster-0", 50332024, false), new MemberPosition("acid-minimal-cluster-1", 50331000, true)]);
    }

    private static Task<V1Pod> CreatePodAsync(KubeApiServer server, string name, string status) =>
        server.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string> { ["application"] = "spilo", ["cluster-name"] = "acid-minimal-cluster" },
                Annotations = new Dictionary<string, string> { ["status"] = status },
            },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "postgres", Image = "spilo" }] },
        }, "default");
}
