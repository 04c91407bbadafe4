using System.Text.Json;
using PgHa.Agent.Pods;
using PgHa.Election.Eligibility;

namespace PgHa.Agent.Tests.Pods;

public sealed class MemberStatusTests
{
    [Fact]
    public void The_status_document_is_Patronis_and_PgHa_Election_reads_it()
    {
        var json = new MemberStatus("running", "master", 50331648, 2, true).ToJson("10.2.0.7", 5432);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        root.GetProperty("conn_url").GetString().Should().Be("postgres://10.2.0.7:5432/postgres");
        root.GetProperty("api_url").ValueKind.Should().Be(JsonValueKind.Null);
        root.GetProperty("state").GetString().Should().Be("running");
        root.GetProperty("role").GetString().Should().Be("master");
        root.GetProperty("version").GetString().Should().Be("pgha");
        root.GetProperty("xlog_location").GetInt64().Should().Be(50331648);
        root.GetProperty("timeline").GetInt32().Should().Be(2);
        PodStatusMemberDirectory.Parse("pg-0", json).Should().Be(new MemberPosition("pg-0", 50331648, false));
    }

    [Fact]
    public void An_IPv6_host_is_bracketed() =>
        new MemberStatus("running", "replica", null, null, true).ToJson("fd00::7", 5432).Should().Contain("postgres://[fd00::7]:5432/postgres");

    [Theory]
    [InlineData("running", "master", 10L, 1, false, false)]
    [InlineData("running", "master", 20L, 1, false, false)] // only the position moved, not due yet
    [InlineData("running", "master", 20L, 1, true, true)]   // ... and due
    [InlineData("running", "replica", 10L, 1, false, true)]
    [InlineData("stopped", "master", 10L, 1, false, true)]
    [InlineData("running", "master", 10L, 2, false, true)]
    public void Writes_role_state_and_timeline_changes_at_once_and_the_position_once_per_loop_wait(string state, string role, long xlog, int timeline, bool positionDue, bool write)
    {
        var last = new MemberStatus("running", "master", 10, 1, true);
        MemberStatus.NeedsWrite(last, new MemberStatus(state, role, xlog, timeline, true), positionDue).Should().Be(write);
        MemberStatus.NeedsWrite(null, last, positionDue: false).Should().BeTrue();
    }
}
