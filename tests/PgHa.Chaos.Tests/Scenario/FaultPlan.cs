using PgHa.Election;
using PgHa.Testing.Faults;

namespace PgHa.Chaos.Tests.Scenario;

/// <summary>
/// A scenario's members and fault schedule, drawn from one seed (<see cref="System.Random"/>(seed)), so a seed always
/// names the same schedule. Times are elector time from the start; the schedule ends by <see cref="FaultsEnd"/>.
/// </summary>
internal sealed record FaultPlan(int Seed, int Members, TimeSpan FaultsEnd, IReadOnlyList<FaultEvent> Events)
{
    /// <summary>The lock object: a ConfigMap (Patroni's default) for three seeds in four, else a coordination/v1 Lease.</summary>
    public LockKind LockKind { get; init; } = LockKind.ConfigMap;

    public const string FollowerA = "follower-a";
    public const string FollowerB = "follower-b";

    /// <summary>For fixed plans: whichever member leads when the fault starts.</summary>
    public const string Leader = "leader";

    // When faults may start: after the first leader settled in.
    private static readonly TimeSpan Warmup = TimeSpan.FromMilliseconds(400);

    public static string Member(int index) => "m" + index;

    /// <summary>The drifting member's clock factor, or 1.</summary>
    public double DriftOf(string member) => Events.FirstOrDefault(e => e.Kind == FaultKind.Drift && e.Target == member)?.Rate ?? 1;

    public string Describe() =>
        $"seed {Seed}: {Members} members, {LockKind} lock, faults until {FaultsEnd.TotalMilliseconds:0}ms (elector time; real = /{ChaosTimings.Speed})" +
        Environment.NewLine + string.Join(Environment.NewLine, Events.Select(e => "  " + e));

    public static FaultPlan Draw(int seed)
    {
        var random = new Random(seed);
        var members = random.Next(3, 6);
        var window = TimeSpan.FromSeconds(2 + (random.NextDouble() * 2));
        var events = new List<FaultEvent>();

        if (random.NextDouble() < 0.5)
        {
            var rate = 1 + (((random.NextDouble() * 2) - 1) * ChaosTimings.DriftBound);
            events.Add(new FaultEvent(FaultKind.Drift, Member(random.Next(members)), TimeSpan.Zero, TimeSpan.Zero, Rate: rate));
        }

        // Disruptions of one member (pause, partition, crash) do not overlap on that member.
        var busyUntil = new TimeSpan[members];
        var count = random.Next(3, 9);
        for (var i = 0; i < count; i++)
        {
            var at = Warmup + (window - Warmup) * random.NextDouble() * 0.8;
            var kind = (FaultKind)random.Next(0, 10);
            if (kind == FaultKind.Drift)
            {
                kind = FaultKind.Partition;
            }

            // Half the faults hit whoever leads when they start: most requests are the leader's.
            var member = random.Next(members);
            var target = random.NextDouble() < 0.5 ? Leader : Member(member);
            switch (kind)
            {
                case FaultKind.Latency:
                {
                    // Mostly members; sometimes the lagging follower, whose late route writes the fencing must refuse.
                    target = random.NextDouble() < 0.25 ? FollowerB : target;
                    var latency = Ttl(0.05 + (random.NextDouble() * 2.5));
                    var rule = new FaultRule
                    {
                        Verb = target == FollowerB ? Pick(random, null, "update", "get", "watch") : Pick(random, null, "patch", "get", "watch", "list"),
                        Probability = 0.3 + (random.NextDouble() * 0.7),
                        Latency = ChaosTimings.Real(latency),
                        LatencyJitter = ChaosTimings.Real(latency * random.NextDouble()),
                    };
                    events.Add(new FaultEvent(kind, target, at, Ttl(0.2 + (random.NextDouble() * 2)), rule));
                    break;
                }

                case FaultKind.ServerErrors:
                case FaultKind.ConflictStorm:
                case FaultKind.Throttling:
                {
                    target = random.NextDouble() < 0.2 ? FollowerB : target;
                    var rule = new FaultRule
                    {
                        // The lock is written with patch, the route with update (and create).
                        Verb = (kind, target) switch
                        {
                            (FaultKind.ConflictStorm, FollowerB) => "update",
                            (FaultKind.ConflictStorm, _) => "patch",
                            (_, FollowerB) => Pick(random, null, "update", "get", "watch"),
                            _ => Pick(random, null, "patch", "get", "watch"),
                        },
                        Probability = 0.4 + (random.NextDouble() * 0.6),
                        StatusCode = kind switch
                        {
                            FaultKind.ConflictStorm => 409,
                            FaultKind.Throttling => 429,
                            _ => Pick(random, 500, 503, 504),
                        },
                        AfterHandling = kind == FaultKind.ServerErrors && random.NextDouble() < 0.3,
                    };
                    events.Add(new FaultEvent(kind, target, at, Ttl(0.1 + (random.NextDouble() * 1.5)), rule));
                    break;
                }

                case FaultKind.ClosedWatches:
                case FaultKind.ExpiredWatches:
                    target = random.NextDouble() < 0.3 ? Pick(random, FollowerA, FollowerB) : target;
                    events.Add(new FaultEvent(kind, target, at, TimeSpan.Zero));
                    break;
                default:
                {
                    var duration = kind switch
                    {
                        FaultKind.Pause => Ttl(0.1 + (random.NextDouble() * 1.9)),
                        FaultKind.Partition => Ttl(0.2 + (random.NextDouble() * 2.3)),
                        _ => Ttl(0.1 + (random.NextDouble() * 1.5)),
                    };
                    var mode = random.NextDouble() < 0.5 ? PartitionMode.Hang : PartitionMode.Fail;
                    if (target == Leader)
                    {
                        // Resolved when it starts; skipped then if that member is already paused, cut off or down.
                        events.Add(new FaultEvent(kind, target, at, duration, Mode: mode));
                        break;
                    }

                    if (at < busyUntil[member])
                    {
                        at = busyUntil[member] + Ttl(0.1);
                    }

                    if (at > window)
                    {
                        break;
                    }

                    busyUntil[member] = at + duration;
                    events.Add(new FaultEvent(kind, target, at, duration, Mode: mode));
                    break;
                }
            }
        }

        events.Sort((a, b) => a.At.CompareTo(b.At));
        var end = events.Count == 0 ? Warmup : events.Max(e => e.End);

        // Drawn last, so the schedules drawn before the lock kind was (and the seeds named in commits) stay the same.
        var lockKind = random.NextDouble() < 0.75 ? LockKind.ConfigMap : LockKind.Lease;
        return new FaultPlan(seed, members, end > window ? end : window, events) { LockKind = lockKind };
    }

    /// <summary>A plan with exactly these events (for tests that need a certain fault).</summary>
    public static FaultPlan Fixed(int seed, int members, params FaultEvent[] events) =>
        new(seed, members, events.Length == 0 ? Warmup : events.Max(e => e.End), events);

    private static TimeSpan Ttl(double fraction) => ChaosTimings.Ttl * fraction;

    private static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];
}
