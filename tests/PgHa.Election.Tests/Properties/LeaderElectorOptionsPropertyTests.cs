using System.Text.RegularExpressions;
using CsCheck;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using PgHa.Election.Hosting;
using PgHa.Election.Stores;
using PgHa.Testing.Tests.Support;

namespace PgHa.Election.Tests.Properties;

/// <summary>
/// Random option sets are either valid (Validate() is empty, the options validator agrees, the elector is built) or
/// rejected with messages that each name an option; nothing but <see cref="ArgumentException"/> is ever thrown.
/// </summary>
public sealed class LeaderElectorOptionsPropertyTests
{
    private static readonly string[] OptionNames = typeof(LeaderElectorOptions).GetProperties().Select(p => p.Name).ToArray();

    private static readonly Gen<string> Name = Gen.Frequency(
        (12, Gen.OneOf("acid-minimal-cluster", "acid-minimal-cluster-0", "a", "db.example", "x1")),
        (1, Gen.OneOf("", "Acid", "-a", "a-", "a..b", "a_b", "ä", " a", "a/b", new string('a', 63), new string('a', 64), new string('a', 250), new string('a', 253), new string('a', 254))),
        (1, Gen.String));

    // Edge values of any duration: zero, negative, sub-second, the extremes.
    private static readonly Gen<TimeSpan> OddDuration = Gen.Frequency(
        (2, Gen.Long[-TimeSpan.TicksPerMinute, TimeSpan.TicksPerMinute].Select(TimeSpan.FromTicks)),
        (2, Gen.OneOf(TimeSpan.Zero, TimeSpan.MaxValue, TimeSpan.MinValue, TimeSpan.FromDays(30000), TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(1500))),
        (1, Gen.Long.Select(TimeSpan.FromTicks)));

    private static Gen<TimeSpan> Duration(int minSeconds, int maxSeconds) =>
        Gen.Frequency((5, Gen.Int[minSeconds, maxSeconds].Select(s => TimeSpan.FromSeconds(s))), (1, OddDuration));

    private static Gen<T> Enum<T>(int defined)
        where T : struct, Enum =>
        Gen.Frequency((10, Gen.Int[0, defined - 1]), (1, Gen.OneOf(-1, defined, 99))).Select(i => (T)(object)i);

    private static readonly Gen<IDictionary<string, string>?> Labels = Gen.Frequency(
        (4, Gen.Const(() => (IDictionary<string, string>?)null)),
        (1, Gen.Select(
                Gen.Frequency((4, Gen.OneOf("application", "cluster-name", "pgha.io/scope")), (1, Gen.OneOf("", "a b", "Example.com/x", new string('k', 64), "a/b/c"))),
                Gen.Frequency((4, Gen.OneOf("spilo", "acid", "")), (1, Gen.OneOf("a b", "-x", new string('v', 64)))))
            .Array[0, 3]
            .Select(pairs => (IDictionary<string, string>?)pairs.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2))));

    private static readonly Gen<LeaderElectorOptions> AnyOptions =
        Gen.Select(
            Gen.Select(Name, Name, Name, Name.Null(0.8), Enum<LockKind>(3), Enum<ExpiryPolicyKind>(2)),
            Gen.Select(Duration(2, 90), Duration(1, 20), Duration(1, 20), Duration(1, 90).Nullable(0.7), Gen.Bool, Duration(0, 5)),
            Gen.Select(Gen.Frequency((3, Gen.Long[0, 1 << 24]), (1, Gen.Long)), Duration(0, 30).Nullable(0.7), Gen.Bool, Gen.Bool, Labels))
        .Select((names, timings, rest) => new LeaderElectorOptions
        {
            Scope = names.Item1,
            Identity = names.Item2,
            Namespace = names.Item3,
            LockName = names.Item4,
            LockKind = names.Item5,
            ExpiryPolicy = names.Item6,
            Ttl = timings.Item1,
            LoopWait = timings.Item2,
            RetryTimeout = timings.Item3,
            RenewDeadline = timings.Item4,
            AutoAdjustTimings = timings.Item5,
            ClockSkewAllowance = timings.Item6,
            MaximumLagOnFailover = rest.Item1,
            HealthierMemberGrace = rest.Item2,
            NoFailover = rest.Item3,
            ReleaseOnStop = rest.Item4,
            Labels = rest.Item5,
        });

    [Fact]
    public void Random_options_are_either_accepted_by_the_elector_or_rejected_naming_the_option()
    {
        var outcomes = new int[2];
        AnyOptions.Sample(options =>
        {
            var errors = options.Validate();
            var validator = new LeaderElectorOptionsValidator().Validate(null, options);
            validator.Succeeded.Should().Be(errors.Count == 0);

            Exception? thrown = null;
            try
            {
                Build(options);
            }
            catch (Exception e)
            {
                thrown = e;
            }

            if (errors.Count == 0)
            {
                thrown.Should().BeNull("Validate() found nothing wrong with {0}", Describe(options));
                LockObjectShouldPassKubernetesValidation(options);
                Interlocked.Increment(ref outcomes[0]);
            }
            else
            {
                OptionsRejection.ShouldBeRejectedNamingTheSettings(thrown, errors, OptionNames);

                Interlocked.Increment(ref outcomes[1]);
            }
        }, iter: 1500);

        // Guards the generator: both verdicts must be common, or the property proves little.
        outcomes[0].Should().BeGreaterThan(100);
        outcomes[1].Should().BeGreaterThan(100);
    }

    public static TheoryData<string, Action<LeaderElectorOptions>> OneBadOption => new()
    {
        { "Scope", o => o.Scope = "Acid_Cluster" },
        { "Identity", o => o.Identity = "" },
        { "Namespace", o => o.Namespace = new string('n', 254) },
        { "Namespace", o => o.Namespace = "db.example" },
        { "Scope", o => o.Scope = new string('s', 64) },
        { "Scope", o => (o.Scope, o.Labels) = (new string('s', 250), new Dictionary<string, string> { ["app"] = "pg" }) },
        { "Labels", o => o.Labels = new Dictionary<string, string> { ["cluster-name"] = "a b" } },
        { "LockName", o => o.LockName = "-leader" },
        { "LockKind", o => o.LockKind = (LockKind)7 },
        { "ExpiryPolicy", o => o.ExpiryPolicy = (ExpiryPolicyKind)(-1) },
        { "Ttl", o => o.Ttl = TimeSpan.FromSeconds(30.5) },
        { "LoopWait", o => o.LoopWait = TimeSpan.Zero },
        { "RetryTimeout", o => o.RetryTimeout = TimeSpan.FromSeconds(-1) },
        { "RenewDeadline", o => o.RenewDeadline = TimeSpan.FromSeconds(30) },
        { "LoopWait", o => o.RetryTimeout = TimeSpan.FromSeconds(11) },
        { "RetryTimeout", o => o.RetryTimeout = TimeSpan.MaxValue },
        { "ClockSkewAllowance", o => o.ClockSkewAllowance = TimeSpan.FromTicks(-1) },
        { "MaximumLagOnFailover", o => o.MaximumLagOnFailover = -1 },
        { "HealthierMemberGrace", o => o.HealthierMemberGrace = TimeSpan.FromSeconds(30) },
        { "Ttl", o => (o.Ttl, o.LoopWait, o.RetryTimeout, o.AutoAdjustTimings) = (TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10), true) },
    };

    [Theory]
    [MemberData(nameof(OneBadOption))]
    public void One_bad_option_is_rejected_by_name(string field, Action<LeaderElectorOptions> spoil)
    {
        var options = Valid();
        options.Validate().Should().BeEmpty("the baseline is valid");
        spoil(options);

        var errors = options.Validate();

        errors.Should().Contain(e => e.Contains(field, StringComparison.Ordinal));
        var act = () => Build(options);
        act.Should().Throw<ArgumentException>().WithMessage("*" + field + "*");
    }

    // What the elector creates (the lock object, its namespace and labels) must be what the API server stores: kube's
    // rules, written out apart from the code under test.
    private static void LockObjectShouldPassKubernetesValidation(LeaderElectorOptions options)
    {
        Regex.IsMatch(options.Namespace, "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$").Should().BeTrue();
        options.Namespace.Length.Should().BeLessThanOrEqualTo(63);
        options.EffectiveLockName.Length.Should().BeLessThanOrEqualTo(253);
        Regex.IsMatch(options.EffectiveLockName, @"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$").Should().BeTrue();
        foreach (var (key, value) in options.EffectiveLabels)
        {
            var name = key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..];
            var prefix = key.Contains('/', StringComparison.Ordinal) ? key[..key.IndexOf('/', StringComparison.Ordinal)] : null;
            (name.Length is > 0 and <= 63 && Regex.IsMatch(name, "^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")).Should().BeTrue("'{0}' is a label key", key);
            (prefix is null || (prefix.Length <= 253 && Regex.IsMatch(prefix, @"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"))).Should().BeTrue("'{0}' is a label key", key);
            (value.Length <= 63 && Regex.IsMatch(value, "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")).Should().BeTrue("'{0}' is a label value", value);
        }
    }

    private static LeaderElectorOptions Valid() => new() { Scope = "acid-minimal-cluster", Identity = "acid-minimal-cluster-0" };

    private static void Build(LeaderElectorOptions options)
    {
        // A fake clock: the elector arms its deadline timer on it, and nothing runs.
        var elector = new LeaderElector(options, Substitute.For<ILeaderLockStore>(), new FakeTimeProvider());
        elector.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static string Describe(LeaderElectorOptions o) =>
        $"Ttl={o.Ttl} LoopWait={o.LoopWait} RetryTimeout={o.RetryTimeout} RenewDeadline={o.RenewDeadline} AutoAdjust={o.AutoAdjustTimings} Grace={o.HealthierMemberGrace}";
}
