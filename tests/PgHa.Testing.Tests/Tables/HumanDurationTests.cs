using PgHa.Testing.Tables;

namespace PgHa.Testing.Tests.Tables;

public sealed class HumanDurationTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Millisecond = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan Year = 365 * Day;

    // k8s.io/apimachinery/pkg/util/duration/duration_test.go, TestHumanDuration and TestHumanDurationBoundaries.
    // Go's single nanosecond becomes one 100 ns tick here, the smallest step a TimeSpan has.
    public static TheoryData<TimeSpan, string> KubeCases => new()
    {
        { Second, "1s" },
        { 70 * Second, "70s" },
        { 190 * Second, "3m10s" },
        { 70 * Minute, "70m" },
        { 47 * Hour, "47h" },
        { 49 * Hour, "2d1h" },
        { ((8 * 24) + 2) * Hour, "8d" },
        { 367 * 24 * Hour, "367d" },
        { ((365 * 2 * 24) + 25) * Hour, "2y1d" },
        { ((365 * 8 * 24) + 2) * Hour, "8y" },
        { -2 * Second, "<invalid>" },
        { (-2 * Second) + TimeSpan.FromTicks(1), "0s" },
        { TimeSpan.Zero, "0s" },
        { Second - Millisecond, "0s" },
        { (2 * Minute) - Millisecond, "119s" },
        { 2 * Minute, "2m" },
        { (2 * Minute) + Second, "2m1s" },
        { (10 * Minute) - Millisecond, "9m59s" },
        { 10 * Minute, "10m" },
        { (10 * Minute) + Second, "10m" },
        { (3 * Hour) - Millisecond, "179m" },
        { 3 * Hour, "3h" },
        { (3 * Hour) + Minute, "3h1m" },
        { (8 * Hour) - Millisecond, "7h59m" },
        { 8 * Hour, "8h" },
        { (8 * Hour) + (59 * Minute), "8h" },
        { (2 * Day) - Millisecond, "47h" },
        { 2 * Day, "2d" },
        { (2 * Day) + Hour, "2d1h" },
        { (8 * Day) - Millisecond, "7d23h" },
        { 8 * Day, "8d" },
        { (8 * Day) + (23 * Hour), "8d" },
        { (2 * Year) - Millisecond, "729d" },
        { 2 * Year, "2y" },
        { (2 * Year) + (23 * Hour), "2y" },
        { (2 * Year) + (23 * Hour) + (59 * Minute), "2y" },
        { (2 * Year) + Day - Millisecond, "2y" },
        { (2 * Year) + Day, "2y1d" },
        { 3 * Year, "3y" },
        { 4 * Year, "4y" },
        { 5 * Year, "5y" },
        { 6 * Year, "6y" },
        { 7 * Year, "7y" },
        { (8 * Year) - Millisecond, "7y364d" },
        { 8 * Year, "8y" },
        { (8 * Year) + (364 * Day), "8y" },
        { 9 * Year, "9y" },
    };

    // The examples of the brief: what kubectl users see in the AGE column.
    public static TheoryData<TimeSpan, string> AgeExamples => new()
    {
        { 59 * Second, "59s" },
        { (5 * Minute) + (2 * Second), "5m2s" },
        { (3 * Hour) + (5 * Minute), "3h5m" },
        { (2 * Day) + (3 * Hour), "2d3h" },
        { (3 * Year) + (45 * Day), "3y45d" },
        { -Second, "0s" },
    };

    [Theory]
    [MemberData(nameof(KubeCases))]
    [MemberData(nameof(AgeExamples))]
    public void Formats_like_kube(TimeSpan duration, string expected) =>
        HumanDuration.Format(duration).Should().Be(expected);
}
