using System.Text.Json.Nodes;
using PgHa.Testing.Tables;

namespace PgHa.Testing.Tests.Tables;

public sealed class KubeTimeTests
{
    // Forms Go's time.Parse(time.RFC3339, ...) accepts, as written by kube (creationTimestamp), MicroTime (eventTime)
    // and Patroni-style offsets.
    [Theory]
    [InlineData("2022-11-16T08:21:00Z", "2022-11-16T08:21:00.0000000+00:00")]
    [InlineData("2022-11-18T06:18:59.159796Z", "2022-11-18T06:18:59.1597960+00:00")]
    [InlineData("2022-11-18T06:18:59.159796+00:00", "2022-11-18T06:18:59.1597960+00:00")]
    [InlineData("2022-11-18T08:18:59+02:00", "2022-11-18T06:18:59.0000000+00:00")]
    [InlineData("2022-11-18T06:18:59.123456789Z", "2022-11-18T06:18:59.1234567+00:00")]
    public void Parses_rfc3339(string text, string utc)
    {
        KubeTime.TryParse(text, out var value).Should().BeTrue();
        value.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture).Should().Be(utc);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2022-11-16")]
    [InlineData("2022-11-16 08:21:00Z")]
    [InlineData("2022-11-16T08:21:00")]
    [InlineData("2022-11-16t08:21:00Z")]
    [InlineData("2022-13-16T08:21:00Z")]
    [InlineData("2022-02-30T08:21:00Z")]
    [InlineData("2022-11-16T24:00:00Z")]
    [InlineData("2022-11-16T08:21:00.Z")]
    [InlineData("2022-11-16T08:21:00+0200")]
    [InlineData("yesterday")]
    public void Rejects_what_go_rejects(string text) => KubeTime.TryParse(text, out _).Should().BeFalse();

    [Fact]
    public void An_unset_or_zero_timestamp_is_unknown_age()
    {
        var now = DateTimeOffset.Parse("2022-11-18T06:19:00Z", System.Globalization.CultureInfo.InvariantCulture);
        KubeTime.Since(KubeTime.Read(new JsonObject(), "creationTimestamp"), now).Should().Be("<unknown>");
        KubeTime.Since(KubeTime.Read(new JsonObject { ["creationTimestamp"] = null }, "creationTimestamp"), now).Should().Be("<unknown>");
        KubeTime.Since(KubeTime.Read(new JsonObject { ["t"] = "0001-01-01T00:00:00Z" }, "t"), now).Should().Be("<unknown>");
        KubeTime.Since(KubeTime.Read(new JsonObject { ["t"] = "2022-11-16T08:21:00Z" }, "t"), now).Should().Be("45h");
    }

    [Fact]
    public void Formats_created_at_as_go_rfc3339_in_utc()
    {
        KubeTime.FormatRfc3339(DateTimeOffset.Parse("2022-11-16T10:21:00.75+02:00", System.Globalization.CultureInfo.InvariantCulture))
            .Should().Be("2022-11-16T08:21:00Z");
        KubeTime.FormatRfc3339(null).Should().Be("0001-01-01T00:00:00Z");
    }
}
