using System.Globalization;

namespace PgHa.Benchmarks;

/// <summary>Percentiles of a set of latencies, in milliseconds.</summary>
internal sealed record LatencyStats(int Count, double Min, double P50, double P99, double Max)
{
    public static LatencyStats From(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LatencyStats(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        return new LatencyStats(sorted.Length, sorted[0], Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted[^1]);
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"min {Min:F2} ms, p50 {P50:F2} ms, p99 {P99:F2} ms, max {Max:F2} ms (n={Count})");

    private static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
