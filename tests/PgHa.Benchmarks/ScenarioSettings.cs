using System.Globalization;

namespace PgHa.Benchmarks;

/// <summary>Options shared by the scenario benchmarks.</summary>
internal sealed record ScenarioSettings(TimeSpan Duration, int Concurrency, int Watchers)
{
    public static ScenarioSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new ScenarioSettings(TimeSpan.FromSeconds(5), 16, 100);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            if (value <= 0)
            {
                throw new ArgumentException($"{args[i]} must be positive; it was {value}.");
            }

            settings = args[i] switch
            {
                "--seconds" => settings with { Duration = TimeSpan.FromSeconds(value) },
                "--concurrency" => settings with { Concurrency = value },
                "--watchers" => settings with { Watchers = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return settings;
    }
}
