using System.Text.RegularExpressions;
using CsCheck;
using k8s;
using k8s.Models;
using NSubstitute;
using PgHa.Routing.Resources;
using PgHa.Testing.Tests.Support;

namespace PgHa.Routing.Tests.Properties;

/// <summary>
/// Random router options are either valid (Validate() is empty, the router is built, and every object it would write
/// passes Kubernetes' own name and label rules, checked here by an independent transcription of them) or rejected with
/// messages that each name an option; the constructor throws nothing but <see cref="ArgumentException"/>.
/// </summary>
public sealed partial class PrimaryRouterOptionsPropertyTests
{
    private static readonly string[] OptionNames = typeof(PrimaryRouterOptions).GetProperties().Select(p => p.Name).ToArray();

    private static readonly Gen<string> Dns = Gen.Frequency(
        (16, Gen.OneOf("acid-minimal-cluster", "a", "db1", "x-y-z")),
        (2, Gen.Int[1, 70].Select(n => "c" + new string('x', n - 1))),
        (1, Gen.OneOf("", "Acid", "1db", "-a", "a-", "a.b", "a_b", "ä", " a")),
        (1, Gen.String));

    private static readonly Gen<string> LabelValue = Gen.Frequency(
        (24, Gen.OneOf("acid", "spilo", "master", "replica", "A.b_c-9", "primary-router.pgha.io")),
        (2, Gen.Int[1, 70].Select(n => new string('v', n))),
        (1, Gen.OneOf("", "-a", "a-", "a b", "ä", "a/b", "endpointslicemirroring-controller.k8s.io", "endpointslice-controller.k8s.io")),
        (1, Gen.String));

    private static readonly Gen<string> LabelKey = Gen.Frequency(
        (16, Gen.OneOf("spilo-role", "role", "pgha.io/role", "example.com/Role_1")),
        (2, Gen.OneOf("application", "cluster-name", "team", "kubernetes.io/service-name", "endpointslice.kubernetes.io/managed-by")),
        (2, Gen.Select(Gen.Int[1, 260], Gen.Int[1, 70]).Select((p, n) => new string('p', p) + "/" + new string('n', n))),
        (1, Gen.OneOf("", "/role", "a/", "Example.com/role", "a/b/c", "-role", "role-", "a b")),
        (1, Gen.String));

    private static readonly Gen<RoutePort> Port = Gen.Select(
            Gen.Frequency((16, Gen.OneOf("postgresql", "pg", "metrics", "a")), (1, Gen.OneOf("", "PG", "-pg", "a-very-long-port-name", "p_g")), (1, Gen.String)),
            Gen.Frequency((16, Gen.Int[1, 65535]), (1, Gen.Int)),
            Gen.Frequency((4, Gen.Const((int?)null)), (4, Gen.Int[1, 65535].Select(i => (int?)i)), (1, Gen.Int.Select(i => (int?)i))),
            Gen.Frequency((16, Gen.OneOf("TCP", "UDP", "SCTP")), (1, Gen.OneOf("tcp", "HTTP", ""))))
        .Select((name, port, target, protocol) => new RoutePort(name, port, target, protocol));

    private static readonly Gen<PrimaryRouterOptions> AnyOptions =
        Gen.Select(
            Gen.Select(Dns, Dns, Dns.Null(0.7), Dns.Null(0.7), Gen.Bool, LabelKey),
            Gen.Select(LabelValue, LabelValue, LabelValue, LabelValue, LabelValue.Null(0.6)),
            Gen.Select(Gen.Frequency((6, Port.Array[1]), (1, Port.Array[0, 3])), Gen.Frequency((9, Gen.Int[0, 1]), (1, Gen.OneOf(-1, 2))),
                Gen.Frequency((8, Gen.Int[1, 60].Select(s => TimeSpan.FromSeconds(s))), (1, Gen.OneOf(TimeSpan.Zero, TimeSpan.FromDays(2), TimeSpan.MaxValue, TimeSpan.MinValue)))))
        .Select((names, labels, rest) => new PrimaryRouterOptions
        {
            ClusterName = names.Item1,
            Namespace = names.Item2,
            ServiceName = names.Item3,
            ReplicaServiceName = names.Item4,
            ProvisionReplicaService = names.Item5,
            RoleLabel = names.Item6,
            Team = labels.Item1,
            Application = labels.Item2,
            PrimaryRole = labels.Item3,
            ReplicaRole = labels.Item4,
            ManagedBy = labels.Item5 ?? PrimaryRouterOptions.DefaultManagedBy,
            Ports = rest.Item1,
            Mode = (RoutingMode)rest.Item2,
            RequestTimeout = rest.Item3,
        });

    [Fact]
    public void Random_options_build_a_router_whose_objects_kubernetes_accepts_or_are_rejected_naming_the_option()
    {
        var outcomes = new int[2];
        AnyOptions.Sample(options =>
        {
            var errors = options.Validate();
            Exception? thrown = null;
            try
            {
                _ = new PrimaryRouter(Substitute.For<IKubernetes>(), options);
            }
            catch (Exception e)
            {
                thrown = e;
            }

            if (errors.Count == 0)
            {
                thrown.Should().BeNull();
                ObjectsShouldPassKubernetesValidation(options);
                Interlocked.Increment(ref outcomes[0]);
            }
            else
            {
                OptionsRejection.ShouldBeRejectedNamingTheSettings(thrown, errors, OptionNames);

                Interlocked.Increment(ref outcomes[1]);
            }
        }, iter: 2000);

        outcomes[0].Should().BeGreaterThan(100, "the generator must make valid options often");
        outcomes[1].Should().BeGreaterThan(100);
    }

    public static TheoryData<string, Action<PrimaryRouterOptions>> OneBadOption => new()
    {
        // Found by the property above: each was accepted, and the API server would have refused the object written from it.
        { "ClusterName", o => o.ClusterName = "c" + new string('x', 59) },
        { "ReplicaServiceName", o => (o.ClusterName, o.ReplicaServiceName) = ("c" + new string('x', 59), "c" + new string('x', 62) + "y") },
        { "RoleLabel", o => o.RoleLabel = new string('r', 64) },
        { "RoleLabel", o => o.RoleLabel = new string('p', 254) + "/role" },
        { "RoleLabel", o => o.RoleLabel = "team" },
        { "RoleLabel", o => o.RoleLabel = "kubernetes.io/service-name" },
        { "ClusterName", o => o.ClusterName = "Acid" },
        { "Ports", o => o.Ports = [] },
        { "Ports[1]", o => o.Ports = [new RoutePort("pg", 5432), new RoutePort("pg", 5433)] },
        { "RequestTimeout", o => o.RequestTimeout = TimeSpan.MaxValue },
    };

    [Theory]
    [MemberData(nameof(OneBadOption))]
    public void One_bad_option_is_rejected_by_name(string field, Action<PrimaryRouterOptions> spoil)
    {
        var options = new PrimaryRouterOptions { ClusterName = "acid-minimal-cluster" };
        options.Validate().Should().BeEmpty("the baseline is valid");
        spoil(options);

        options.Validate().Should().Contain(e => e.Contains(field, StringComparison.Ordinal));
        var act = () => new PrimaryRouter(Substitute.For<IKubernetes>(), options);
        act.Should().Throw<ArgumentException>().WithMessage("*" + field + "*");
    }

    [Fact]
    public void Without_a_replica_service_its_name_does_not_matter()
    {
        // A 60-character cluster name is a fine master Service name; only the "-repl" Service would be too long.
        var options = new PrimaryRouterOptions { ClusterName = "c" + new string('x', 59), ProvisionReplicaService = false };

        options.Validate().Should().BeEmpty();
    }

    private static void ObjectsShouldPassKubernetesValidation(PrimaryRouterOptions options)
    {
        var master = RouteObjects.MasterService(options);
        ShouldBeValidService(master);
        master.Metadata.Labels.Should().Contain("application", options.Application).And.Contain("cluster-name", options.ClusterName)
            .And.Contain("team", options.Team).And.Contain(options.RoleLabel, options.PrimaryRole);

        if (options.ProvisionReplicaService)
        {
            var replica = RouteObjects.ReplicaService(options);
            ShouldBeValidService(replica);
            replica.Spec.Selector.Should().HaveCount(3).And.Contain(options.RoleLabel, options.ReplicaRole);
        }

        var slice = RouteObjects.Slice(options, master, [.. options.Ports], null, new RouteTerm("x", 1), "IPv4");
        ShouldBeValidLabels(slice.Metadata.Labels);
        slice.Metadata.Labels.Should().Contain("kubernetes.io/service-name", master.Metadata.Name)
            .And.Contain("endpointslice.kubernetes.io/managed-by", options.ManagedBy).And.Contain(options.RoleLabel, options.PrimaryRole);
        IsDns1123Subdomain(slice.Metadata.GenerateName + "abcde").Should().BeTrue();
    }

    private static void ShouldBeValidService(V1Service service)
    {
        // ValidateService: the name is a DNS-1035 label; namespace a DNS-1123 label; port names DNS-1123 labels, unique.
        IsDns1035Label(service.Metadata.Name).Should().BeTrue("'{0}' is a Service name", service.Metadata.Name);
        IsDns1123Label(service.Metadata.NamespaceProperty).Should().BeTrue();
        ShouldBeValidLabels(service.Metadata.Labels);
        ShouldBeValidLabels(service.Spec.Selector);
        service.Spec.Ports.Should().OnlyHaveUniqueItems(p => p.Name).And.OnlyContain(p => IsDns1123Label(p.Name) && p.Port >= 1 && p.Port <= 65535);
    }

    private static void ShouldBeValidLabels(IDictionary<string, string>? labels)
    {
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            IsQualifiedName(key).Should().BeTrue("'{0}' is a label key", key);
            IsLabelValue(value).Should().BeTrue("'{0}' is the value of label '{1}'", value, key);
        }
    }

    // k8s.io/apimachinery/pkg/util/validation, written out apart from the code under test.
    private static bool IsDns1035Label(string? s) => s is { Length: > 0 and <= 63 } && Dns1035().IsMatch(s);

    private static bool IsDns1123Label(string? s) => s is { Length: > 0 and <= 63 } && Dns1123().IsMatch(s);

    private static bool IsDns1123Subdomain(string? s) => s is { Length: > 0 and <= 253 } && Dns1123Subdomain().IsMatch(s);

    private static bool IsLabelValue(string s) => s.Length <= 63 && QualifiedNamePart().IsMatch(s) || s.Length == 0;

    private static bool IsQualifiedName(string s)
    {
        var parts = s.Split('/');
        return parts.Length switch
        {
            1 => parts[0].Length is > 0 and <= 63 && QualifiedNamePart().IsMatch(parts[0]),
            2 => IsDns1123Subdomain(parts[0]) && parts[1].Length is > 0 and <= 63 && QualifiedNamePart().IsMatch(parts[1]),
            _ => false,
        };
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex QualifiedNamePart();
}
