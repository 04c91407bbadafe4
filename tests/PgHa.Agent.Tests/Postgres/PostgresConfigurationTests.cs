using PgHa.Agent.Postgres;
using PgHa.Agent.Postgres.Local;

namespace PgHa.Agent.Tests.Postgres;

public sealed class PostgresConfigurationTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("member-b", "\"member-b\"")]
    [InlineData("Odd\"Name", "\"Odd\"\"Name\"")]
    public void Synchronous_standby_names_quote_the_member_as_an_identifier(string? standby, string expected) =>
        PostgresConfiguration.SynchronousStandbyNames(standby).Should().Be(expected);

    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", "'it''s'")]
    public void Sql_literals_double_quotes(string value, string expected) => PostgresConfiguration.SqlLiteral(value).Should().Be(expected);

    [Theory]
    [InlineData("/tmp/a b", "'/tmp/a b'")]
    [InlineData("o'clock", "'o''clock'")]
    [InlineData(@"back\slash", @"'back\\slash'")]
    public void Configuration_literals_escape_quotes_and_backslashes(string value, string expected) =>
        PostgresConfiguration.Literal(value).Should().Be(expected);

    [Fact]
    public void A_standby_streams_under_its_own_name_with_short_timeouts()
    {
        PostgresConfiguration.PrimaryConnectionInfo("member-b", new PrimaryAddress("127.0.5.11", 5432))
            .Should().Be("host=127.0.5.11 port=5432 user=postgres application_name=member-b connect_timeout=2 keepalives=1");
        PostgresConfiguration.PrimaryConnectionInfo("odd name", new PrimaryAddress("db.svc", 5432))
            .Should().Contain("application_name='odd name'");
    }

    [Fact]
    public void Settings_hold_the_members_own_address_and_follow_only_for_a_standby()
    {
        var primary = PostgresConfiguration.Settings("member-a", "127.0.5.11", 6543, "/m/run", follow: null);
        primary.Should().Contain("listen_addresses = '127.0.5.11'").And.Contain("port = 6543").And.Contain("unix_socket_directories = '/m/run'")
            .And.Contain("wal_level = replica").And.Contain("wal_log_hints = on").And.Contain("hot_standby = on")
            .And.NotContain("primary_conninfo");

        var standby = PostgresConfiguration.Settings("member-b", "127.0.5.12", 6543, "/m/run", new PrimaryAddress("127.0.5.11", 6543));
        standby.Should().Contain("primary_conninfo = 'host=127.0.5.11 port=6543 user=postgres application_name=member-b")
            .And.Contain("recovery_target_timeline = 'latest'");
    }
}
