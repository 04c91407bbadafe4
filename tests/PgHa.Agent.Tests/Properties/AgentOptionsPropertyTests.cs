using System.Text.RegularExpressions;
using CsCheck;
using k8s;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using PgHa.Agent.Postgres;
using PgHa.Election;
using PgHa.Testing.Tests.Support;

namespace PgHa.Agent.Tests.Properties;

/// <summary>
/// Random agent options are either valid (Validate() is empty, the agent is built, and the role labels it writes on
/// its Pod are labels the API server stores) or rejected with messages that each name a setting; the constructor
/// throws nothing but <see cref="ArgumentException"/>.
/// </summary>
public sealed partial class AgentOptionsPropertyTests
{
    private static readonly string[] OptionNames = typeof(AgentOptions).GetProperties().Select(p => p.Name).ToArray();

    private static readonly Gen<string> Name = Gen.Frequency(
        (12, Gen.OneOf("acid-minimal-cluster", "acid-minimal-cluster-0", "a", "db1")),
        (1, Gen.OneOf("", "Acid", "-a", "a_b", "a.b", new string('a', 64))),
        (1, Gen.String));

    private static readonly Gen<string> LabelValue = Gen.Frequency(
        (12, Gen.OneOf("master", "replica", "primary", "standby", "A.b_c-9")),
        (1, Gen.OneOf("", "-x", "a b", "ä", new string('v', 64))),
        (1, Gen.String));

    private static readonly Gen<TimeSpan> Seconds = Gen.Frequency(
        (8, Gen.Int[1, 40].Select(s => TimeSpan.FromSeconds(s))),
        (1, Gen.OneOf(TimeSpan.Zero, TimeSpan.FromTicks(-1), TimeSpan.FromMilliseconds(1500), TimeSpan.MaxValue)));

    private static readonly Gen<TimeSpan> Ttl = Gen.Frequency((6, Gen.Int[3, 90].Select(s => TimeSpan.FromSeconds(s))), (1, Seconds));

    // (Ttl, LoopWait, RetryTimeout): mostly a triple that fits Patroni's rule (loop_wait + 2 × retry_timeout ≤ ttl), so
    // that valid options are common enough to test (independent draws fit only about one time in five); sometimes any.
    private static readonly Gen<(TimeSpan Ttl, TimeSpan LoopWait, TimeSpan RetryTimeout)> Timings = Gen.Frequency(
        (4, Gen.Select(Gen.Int[1, 10], Gen.Int[1, 10], Gen.Int[0, 30])
            .Select((loop, retry, spare) => (TimeSpan.FromSeconds(loop + 2 * retry + spare), TimeSpan.FromSeconds(loop), TimeSpan.FromSeconds(retry)))),
        (1, Gen.Select(Ttl, Seconds, Seconds)));

    private static readonly Gen<AgentOptions> AnyOptions =
        Gen.Select(
            Gen.Select(Name, Name, Name, Gen.Frequency((9, Gen.Int[0, 2]), (1, Gen.OneOf(-1, 3))), Gen.Frequency((8, Gen.OneOf("spilo-role", "role", "pgha.io/role")), (1, Gen.OneOf("", "a b", "Role.io/x", new string('r', 64))), (1, Gen.String))),
            Gen.Select(Timings, Seconds, Gen.Frequency((9, Gen.Long[0, 1 << 24]), (1, Gen.Long))),
            Gen.Select(LabelValue, LabelValue, Gen.Frequency((8, Gen.Const(() => (PrimaryAddress?)new PrimaryAddress("acid-minimal-cluster", 5432))), (1, Gen.OneOf<PrimaryAddress?>(null, new PrimaryAddress("", 5432), new PrimaryAddress("h", 0), new PrimaryAddress("h", 70000)))), Gen.Frequency((9, Gen.Int[0, 1]), (1, Gen.OneOf(-1, 2))), Seconds.Nullable(0.8)))
        .Select((a, b, c) => new AgentOptions
        {
            ClusterName = a.Item1,
            PodName = a.Item2,
            Namespace = a.Item3,
            LockKind = (LockKind)a.Item4,
            RoleLabel = a.Item5,
            Ttl = b.Item1.Ttl,
            LoopWait = b.Item1.LoopWait,
            RetryTimeout = b.Item1.RetryTimeout,
            HealthCheckInterval = b.Item2,
            MaximumLagOnFailover = b.Item3,
            MasterRole = c.Item1,
            ReplicaRole = c.Item2,
            Primary = c.Item3,
            PostmasterFailurePolicy = (PostmasterFailurePolicy)c.Item4,
            SyncConfirmTimeout = c.Item5,
        });

    [Fact]
    public void Random_options_build_an_agent_or_are_rejected_naming_the_setting()
    {
        var instance = Substitute.For<IPostgresInstance>();
        instance.Host.Returns("127.0.0.1");
        instance.Port.Returns(5432);
        var outcomes = new int[2];
        AnyOptions.Sample(options =>
        {
            var errors = options.Validate();
            Exception? thrown = null;
            try
            {
                _ = new PostgresAgent(Substitute.For<IKubernetes>(), options, instance, time: new FakeTimeProvider());
            }
            catch (Exception e)
            {
                thrown = e;
            }

            if (errors.Count == 0)
            {
                thrown.Should().BeNull();
                IsLabelKey(options.RoleLabel).Should().BeTrue("'{0}' goes on the Pod as a label key", options.RoleLabel);
                IsLabelValue(options.MasterRole).Should().BeTrue("'{0}' goes on the Pod as a label value", options.MasterRole);
                IsLabelValue(options.ReplicaRole).Should().BeTrue("'{0}' goes on the Pod as a label value", options.ReplicaRole);
                Interlocked.Increment(ref outcomes[0]);
            }
            else
            {
                OptionsRejection.ShouldBeRejectedNamingTheSettings(thrown, errors, OptionNames);

                Interlocked.Increment(ref outcomes[1]);
            }
        }, iter: 1000);

        // Both outcomes are common (about one draw in six is valid, against a floor of 100 in 1000), so neither side of the property goes untested.
        outcomes[0].Should().BeGreaterThan(100, "valid options should be drawn often ({0} valid, {1} rejected)", outcomes[0], outcomes[1]);
        outcomes[1].Should().BeGreaterThan(100, "invalid options should be drawn often ({0} valid, {1} rejected)", outcomes[0], outcomes[1]);
    }

    // Kube's label rules, written out apart from the code under test.
    private static bool IsLabelValue(string value) => value.Length <= 63 && QualifiedNamePart().IsMatch(value) || value.Length == 0;

    private static bool IsLabelKey(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? key : key[(slash + 1)..];
        var prefix = slash < 0 ? null : key[..slash];
        return name.Length is > 0 and <= 63 && QualifiedNamePart().IsMatch(name)
            && (prefix is null || (prefix.Length is > 0 and <= 253 && Subdomain().IsMatch(prefix)));
    }

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();
}
