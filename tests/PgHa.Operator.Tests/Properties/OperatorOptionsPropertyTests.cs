using System.Collections.Concurrent;
using System.Net;
using CsCheck;
using k8s;
using k8s.Autorest;
using NSubstitute;
using PgHa.Election;
using PgHa.Routing;
using PgHa.Testing;
using PgHa.Testing.Tests.Support;

namespace PgHa.Operator.Tests.Properties;

/// <summary>
/// Random operator options are either valid (Validate() is empty, the operator is built, and what it sends the API
/// server is accepted: its label selector, its clusters' router settings) or rejected with messages that each name an
/// option; the constructor throws nothing but <see cref="ArgumentException"/>.
/// </summary>
public sealed class OperatorOptionsPropertyTests
{
    private static readonly string[] OptionNames = typeof(OperatorOptions).GetProperties().Select(p => p.Name).ToArray();

    private static readonly Gen<string> Requirement = Gen.Frequency(
        (8, Gen.OneOf("application=spilo", "application==spilo", "team!=b", "cluster-name", "!legacy", "application in (spilo,x)",
            "tier notin (a)", "app.kubernetes.io/name=pg", "x in ()", "x=", "n>5", "n<-3", " application = spilo ", "in=notin")),
        (3, Gen.OneOf("application=spi lo", "=spilo", "a in (b", "a in b", "a b", "Application.io/x=y", "a>b", "a>1.5", "a=" + new string('v', 64),
            new string('k', 64), "a/b/c", "!a=b", "a,,b", "a=(b)", "a==", "a in (b,c d)", "ä=1")),
        // Random text, without ",," (kube 1.32 refuses "(a,,)" but accepts "(,,,)", a quirk fixed in 1.35 the check does not copy).
        (1, Gen.String[Gen.Char["a=!(),<> \tin"], 0, 10].Where(s => !s.Contains(",,", StringComparison.Ordinal))));

    private static readonly Gen<string> Selector = Requirement.Array[1, 3].Select(parts => string.Join(",", parts));

    private static readonly Gen<OperatorOptions> AnyOptions =
        Gen.Select(
            Gen.Select(
                Gen.Frequency((4, Gen.Const(() => (string?)null)), (4, Gen.OneOf<string?>("default", "db")), (1, Gen.OneOf<string?>("", "Db", "a_b", new string('n', 64))), (1, Gen.String.Select(s => (string?)s))),
                Gen.Frequency((9, Gen.Int[0, 2]), (1, Gen.OneOf(-1, 3))),
                Gen.Frequency((9, Gen.Int[0, 1]), (1, Gen.OneOf(-1, 2))),
                Gen.Frequency((8, Gen.OneOf("spilo-role", "role", "pgha.io/role")), (1, Gen.OneOf("", " ", "team", "a b", new string('r', 64), "Role.io/x")), (1, Gen.String)),
                Gen.Frequency((8, Gen.OneOf("application=spilo", "application=spilo,team=acid")), (2, Selector))),
            Gen.Select(
                Gen.Frequency((8, Gen.Int[1, 64]), (1, Gen.OneOf(0, -1, 1025, int.MaxValue))),
                Duration(TimeSpan.FromSeconds(1), TimeSpan.FromHours(12)),
                Duration(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5)),
                Duration(TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1)),
                Duration(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5))))
        .Select((a, b) => new OperatorOptions
        {
            Namespace = a.Item1,
            LockKind = (LockKind)a.Item2,
            RoutingMode = (RoutingMode)a.Item3,
            RoleLabel = a.Item4,
            LabelSelector = a.Item5,
            MaxConcurrentReconciles = b.Item1,
            ResyncPeriod = b.Item2,
            DefaultLockTtl = b.Item3,
            RetryBaseDelay = b.Item4,
            RetryMaxDelay = b.Item5,
        });

    [Fact]
    public void Random_options_build_an_operator_or_are_rejected_naming_the_option()
    {
        var outcomes = new int[2];
        AnyOptions.Sample(options =>
        {
            var errors = options.Validate();
            Exception? thrown = null;
            try
            {
                var created = new PostgresOperator(Substitute.For<IKubernetes>(), options);
                created.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                thrown = e;
            }

            if (errors.Count == 0)
            {
                thrown.Should().BeNull();

                // Every cluster's router is built with the operator's role label: it must never be what fails a reconcile.
                new PrimaryRouterOptions { ClusterName = "acid-minimal-cluster", RoleLabel = options.RoleLabel }.Validate().Should().BeEmpty();
                Interlocked.Increment(ref outcomes[0]);
            }
            else
            {
                OptionsRejection.ShouldBeRejectedNamingTheSettings(thrown, errors, OptionNames);

                Interlocked.Increment(ref outcomes[1]);
            }
        }, iter: 1000);

        outcomes[0].Should().BeGreaterThan(100);
        outcomes[1].Should().BeGreaterThan(100);
    }

    [Fact]
    public async Task The_label_selector_is_accepted_exactly_when_the_api_server_accepts_it()
    {
        // The oracle is the embedded server's parser, a transcription of kube's; each distinct selector is asked once.
        await using var server = await KubeApiServer.StartAsync(cancellationToken: TestTimeouts.Token());
        var answers = new Dictionary<string, bool>(StringComparer.Ordinal);
        var selectors = new ConcurrentBag<string>();
        Selector.Sample(selectors.Add, iter: 400);

        foreach (var selector in selectors.Distinct(StringComparer.Ordinal).Where(s => !string.IsNullOrWhiteSpace(s)))
        {
            var serverAccepts = answers[selector] = await ServerAcceptsAsync(server.Client, selector);
            var problems = new OperatorOptions { LabelSelector = selector }.Validate();

            (problems.Count == 0).Should().Be(serverAccepts, "the server {0} '{1}'; Validate() said: {2}",
                serverAccepts ? "accepts" : "refuses", selector, string.Join(" ", problems));
        }

        answers.Values.Should().Contain(true).And.Contain(false);
    }

    private static async Task<bool> ServerAcceptsAsync(IKubernetes client, string selector)
    {
        try
        {
            await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: selector, cancellationToken: TestTimeouts.Token());
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.BadRequest)
        {
            return false;
        }
    }

    private static Gen<TimeSpan> Duration(TimeSpan typicalMin, TimeSpan typicalMax) => Gen.Frequency(
        (8, Gen.Long[typicalMin.Ticks, typicalMax.Ticks].Select(TimeSpan.FromTicks)),
        (1, Gen.OneOf(TimeSpan.Zero, TimeSpan.FromTicks(-1), TimeSpan.FromDays(8), TimeSpan.FromDays(60), TimeSpan.MaxValue, TimeSpan.MinValue)));
}
