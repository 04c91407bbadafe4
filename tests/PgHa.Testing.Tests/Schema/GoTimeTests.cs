using PgHa.Testing.Schema;

namespace PgHa.Testing.Tests.Schema;

// Expected messages are Go's time.Parse errors for time.RFC3339 (metav1.Time) and RFC3339Micro (metav1.MicroTime).
public sealed class GoTimeTests
{
    [Theory]
    [InlineData("2022-11-18T06:18:59Z", false, null)]
    [InlineData("2022-11-18T06:18:59.159796+00:00", false, null)]
    [InlineData("2022-11-18T06:18:59+01:00", false, null)]
    [InlineData("2024-02-29T00:00:00Z", false, null)]
    [InlineData("", false, "parsing time \"\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"2006\"")]
    [InlineData("2022-11-18", false, "parsing time \"2022-11-18\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"T\"")]
    [InlineData("2022-1-18T06:18:59Z", false, "parsing time \"2022-1-18T06:18:59Z\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"1-18T06:18:59Z\" as \"01\"")]
    [InlineData("2022-11-18T25:18:59Z", false, "parsing time \"2022-11-18T25:18:59Z\": hour out of range")]
    [InlineData("2023-02-29T00:00:00Z", false, "parsing time \"2023-02-29T00:00:00Z\": day out of range")]
    [InlineData("2022-11-18T06:18:59", false, "parsing time \"2022-11-18T06:18:59\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\" as \"Z07:00\"")]
    [InlineData("2022-11-18T06:18:59Zjunk", false, "parsing time \"2022-11-18T06:18:59Zjunk\": extra text: \"junk\"")]
    [InlineData("2022-11-18T06:18:59.159796Z", true, null)]
    [InlineData("2022-11-18T06:18:59.1597Z", true, "parsing time \"2022-11-18T06:18:59.1597Z\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse \".1597Z\" as \".000000\"")]
    [InlineData("2022-11-18T06:18:59.159796123Z", true, "parsing time \"2022-11-18T06:18:59.159796123Z\" as \"2006-01-02T15:04:05.000000Z07:00\": cannot parse \"123Z\" as \"Z07:00\"")]
    public void Parses_like_go(string value, bool micro, string? error) => GoTime.Check(value, micro).Should().Be(error);
}
