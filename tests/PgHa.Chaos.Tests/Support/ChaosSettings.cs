using System.Globalization;

namespace PgHa.Chaos.Tests.Support;

/// <summary>Which seeds run: <c>PGHA_CHAOS_SEEDS</c> (how many, default 1000) from <c>PGHA_CHAOS_SEED_BASE</c> (the first, default 1).</summary>
internal static class ChaosSettings
{
    public const int DefaultSeeds = 1000;
    public const int DefaultSeedBase = 1;

    public static int Seeds => Read("PGHA_CHAOS_SEEDS", DefaultSeeds, minimum: 1);

    public static int SeedBase => Read("PGHA_CHAOS_SEED_BASE", DefaultSeedBase, minimum: int.MinValue);

    /// <summary>The one command that runs exactly this seed again.</summary>
    public static string ReplayCommand(int seed) =>
        $"PGHA_CHAOS_SEED_BASE={seed.ToString(CultureInfo.InvariantCulture)} PGHA_CHAOS_SEEDS=1 dotnet test tests/PgHa.Chaos.Tests --filter FullyQualifiedName~ChaosSuiteTests";

    private static int Read(string name, int fallback, int minimum)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < minimum)
        {
            throw new InvalidOperationException($"{name} must be an integer of at least {minimum}; it was '{text}'.");
        }

        return value;
    }
}
