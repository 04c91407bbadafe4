using System.Globalization;

namespace PgHa.Demo;

/// <summary>The demo's flags: short runs for tests (<c>--ttl</c>, <c>--steady</c>), pass/fail for CI (<c>--check</c>).</summary>
internal sealed record DemoSettings
{
    /// <summary>Exit non-zero when a write was lost or a scenario's downtime exceeds its limit.</summary>
    public bool Check { get; init; }

    /// <summary>The lock's time to live (Patroni's <c>ttl</c>; its default is 30 s).</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the leader renews (Patroni's <c>loop_wait</c>; its default is 10 s).</summary>
    public TimeSpan LoopWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Steady writes before each failure.</summary>
    public TimeSpan Steady { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Chooses the members' loopback addresses and when within a second each failure strikes; printed so a run can be replayed.</summary>
    public int Seed { get; init; } = Random.Shared.Next(1, 1_000_000);

    /// <summary>Run simulated members even when PostgreSQL is installed.</summary>
    public bool Simulate { get; init; }

    /// <summary>Asynchronous replication (acknowledged writes may be lost on failover; see the README).</summary>
    public bool Asynchronous { get; init; }

    /// <summary>Where the libraries' logs go; none when null.</summary>
    public string? LogFile { get; init; }

    /// <summary>Where the kubeconfig for kubectl is written while the demo runs; the demo's directory when null.</summary>
    public string? Kubeconfig { get; init; }

    public static DemoSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new DemoSettings();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            settings = args[i] switch
            {
                "--check" => settings with { Check = true },
                "--simulate" => settings with { Simulate = true },
                "--async" => settings with { Asynchronous = true },
                "--ttl" => settings with { Ttl = Seconds("--ttl", Value(), 2, 3600) },
                "--loop-wait" => settings with { LoopWait = Seconds("--loop-wait", Value(), 0.1, 600) },
                "--steady" => settings with { Steady = Seconds("--steady", Value(), 0, 3600) },
                "--seed" => settings with { Seed = Number("--seed", Value()) },
                "--log" => settings with { LogFile = Path.GetFullPath(Value()) },
                "--kubeconfig" => settings with { Kubeconfig = Path.GetFullPath(Value()) },
                _ => throw new ArgumentException($"unknown or incomplete option '{args[i]}'."),
            };
        }

        if (settings.LoopWait * 2 >= settings.Ttl)
        {
            throw new ArgumentException($"--loop-wait ({settings.LoopWait.TotalSeconds:0.###} s) must be less than half of --ttl ({settings.Ttl.TotalSeconds:0.###} s), as Patroni requires.");
        }

        return settings;
    }

    private static TimeSpan Seconds(string name, string text, double min, double max) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= min && seconds <= max
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{name} must be a number of seconds from {min} to {max}; it was '{text}'.");

    private static int Number(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name} must be an integer; it was '{text}'.");
}
