using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using k8s.Models;
using PgHa.Operator.Clusters;

namespace PgHa.Operator.Tests.Properties;

/// <summary>
/// Malformed <c>postgresql</c> specs and names give problems that name the field, never an exception; a spec and name
/// that pass give router settings the router accepts, so a reconcile cannot fail on them over and over (a crash loop
/// that no status explains).
/// </summary>
public sealed partial class ClusterSpecPropertyTests
{
    private static readonly string[] SpecFields = ["teamId", "numberOfInstances", "postgresql", "volume", "users", "x"];

    private static readonly Gen<string> Scalar = Gen.Frequency(
        (4, Gen.OneOf("\"acid\"", "\"15\"", "\"1Gi\"", "2", "1", "0", "-1", "1.5", "1e2", "true", "null", "\"\"", "\" \"", "\"Acid Team\"", "\"a_b.c-9\"")),
        (2, Gen.OneOf("2147483648", "-2147483649", "99999999999999999999", "\"\\ud800\"", "\"\\u0000\"", "\"é\"", "\"" + new string('t', 64) + "\"", "\"" + new string('x', 5000) + "\"")),
        (2, Gen.String.Select(s => JsonValue.Create(s).ToJsonString())),
        (1, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))));

    private static Gen<string> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (5, Scalar),
            (2, Member(depth - 1, ["version", "size", "teamId", "x"]).Array[0, 3].Select(Object)),
            (1, Value(depth - 1).Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")));

    private static Gen<(string Key, string Value)> Member(int depth, string[] keys) => Gen.Select(Gen.OneOf(keys), Value(depth));

    /// <summary>Anything: specs near Zalando's shape with garbage anywhere, and non-objects.</summary>
    private static readonly Gen<string> AnySpec = Gen.Frequency(
        (6, Member(2, SpecFields).Array[0, 6].Select(Object)),
        (3, SpecWithOneBadField().Select(p => p.Json)),
        (1, Value(2)));

    /// <summary>Zalando's shape with well-typed values, the team anything from a fine label value to arbitrary text.</summary>
    private static readonly Gen<string> WellTypedSpec =
        Gen.Select(
            Gen.Frequency(
                (4, Gen.OneOf("acid", "a", "team_1.x-Y", new string('t', 63), new string('t', 64), "Acid Team", "-acid", "acid-", "é")),
                (2, Gen.String[Gen.Char["aZ09-_. /"], 1, 70]),
                (1, Gen.String)),
            Gen.Int[1, 9], Gen.String, Gen.String)
        .Select((team, instances, version, size) => new JsonObject
        {
            ["teamId"] = team,
            ["numberOfInstances"] = instances,
            ["postgresql"] = new JsonObject { ["version"] = version },
            ["volume"] = new JsonObject { ["size"] = size },
        }.ToJsonString());

    private static readonly Gen<string> Name = Gen.Frequency(
        (6, Gen.OneOf("acid-minimal-cluster", "a", "db1", "x-y")),
        (2, Gen.Int[1, 70].Select(n => "c" + new string('x', n - 1))),
        (1, Gen.OneOf("db.one", "1db", "Db", "a-", "db_1", "")),
        (1, Gen.String[Gen.Char["abc-.1"], 0, 10]));

    [Fact]
    public void Any_spec_parses_to_a_spec_or_to_problems_that_name_fields_never_to_an_exception()
    {
        AnySpec.Sample(json =>
        {
            var element = JsonDocument.Parse(json).RootElement.Clone();

            var (spec, problems) = ClusterSpec.Parse(element);

            (spec is null).Should().Be(problems.Count > 0, json);
            problems.All(p => p.StartsWith("spec", StringComparison.Ordinal)).Should().BeTrue(json);

            // Whatever the spec holds, the messages can be written as the status: JSON, and small.
            var status = new ClusterStatus("Invalid", null, null, null, 1, [new StatusCondition("RouteReady", "False", "InvalidSpec", string.Join("; ", problems), null, 1)]);
            JsonNode.Parse(status.ToMergePatch()).Should().NotBeNull();
            problems.All(p => p.Length < 400).Should().BeTrue(json);
        }, iter: 3000);
    }

    [Fact]
    public void One_bad_field_in_a_good_spec_is_named()
    {
        SpecWithOneBadField().Sample(pair =>
        {
            var (spec, problems) = ClusterSpec.Parse(JsonDocument.Parse(pair.Json).RootElement.Clone());

            spec.Should().BeNull(pair.Json);
            problems.Should().ContainSingle().Which.Should().StartWith(pair.Field + ":", pair.Json);
        });
    }

    [Fact]
    public void A_spec_and_name_that_pass_give_router_settings_the_router_accepts()
    {
        var accepted = 0;
        Gen.Select(Gen.Frequency((3, WellTypedSpec), (1, AnySpec)), Name, Gen.OneOf("default", "db", new string('n', 63))).Sample((json, name, ns) =>
        {
            var (spec, problems) = ClusterSpec.Parse(JsonDocument.Parse(json).RootElement.Clone());
            if (spec is null || ClusterSpec.NameProblems(name).Count > 0)
            {
                return;
            }

            problems.Should().BeEmpty();
            var options = spec.RouterOptions(ns, name, new OperatorOptions(), new V1OwnerReference { ApiVersion = "acid.zalan.do/v1", Kind = "postgresql", Name = name, Uid = "uid" });
            options.Validate().Should().BeEmpty("{0} named {1} passed", json, name);
            Interlocked.Increment(ref accepted);
        }, iter: 3000);

        accepted.Should().BeGreaterThan(100, "the generators must make good specs and names often");
    }

    [Fact]
    public void A_name_passes_exactly_when_both_services_can_be_named_after_it()
    {
        Name.Sample(name =>
        {
            // Independent of the code: kube's IsDNS1035Label for the master Service and the "-repl" one.
            var expected = Dns1035().IsMatch(name) && (name + "-repl").Length <= 63;

            ClusterSpec.NameProblems(name).Count.Should().Be(expected ? 0 : 1, name);
            ClusterSpec.NameProblems(name).All(p => p.StartsWith("metadata.name:", StringComparison.Ordinal)).Should().BeTrue();
        });
    }

    [Fact]
    public void The_status_planner_writes_once_and_what_it_writes_reads_back_the_same()
    {
        var observation = Gen.Select(
            Gen.OneOf("Running", "Invalid", "SyncFailed"), Gen.OneOf("True", "False", "Unknown"), Gen.OneOf("Routed", "InvalidSpec", "NoLeader"),
            Gen.String, Gen.OneOf("pg-0", "pg-1", "").Null(), Gen.Long[0, 5].Nullable())
            .Select((cluster, route, reason, message, leader, term) => new ClusterObservation(cluster, route, reason, message, leader, term));
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Gen.Select(observation.Array[1, 4], Gen.Long[0, 3]).Sample((observations, generation) =>
        {
            var current = ClusterStatus.Empty;
            var now = start;
            foreach (var observed in observations)
            {
                now = now.AddSeconds(1);
                var next = StatusPlanner.Next(current, observed, generation, now);
                if (next is null)
                {
                    continue;
                }

                // An Invalid spec says nothing about the lock: leader and term stay as they were.
                if (observed.ClusterStatus == "Invalid")
                {
                    (next.Leader ?? string.Empty).Should().Be(current.Leader ?? string.Empty);
                    next.Term.Should().Be(current.Term);
                }

                next.Condition(ClusterStatus.RouteReady)!.Message.Should().Be(observed.Message);
                StatusPlanner.Next(next, observed, generation, now.AddSeconds(1)).Should().BeNull("the same observation is no new write");

                // Through the merge patch and back, as the informer hands it to the next reconcile.
                var written = JsonDocument.Parse(next.ToMergePatch()).RootElement.GetProperty("status").Clone();
                ClusterStatus.Read(written).SameAs(next).Should().BeTrue();
                current = ClusterStatus.Read(written);
            }
        });
    }

    /// <summary>Zalando's minimal spec with exactly one field spoiled, and the path of that field.</summary>
    private static Gen<(string Json, string Field)> SpecWithOneBadField()
    {
        var bad = Gen.OneOf<(string Field, Func<JsonObject, JsonObject> Spoil)>(
            ("spec.teamId", s => Set(s, "teamId", null, remove: true)),
            ("spec.teamId", s => Set(s, "teamId", JsonValue.Create(7))),
            ("spec.teamId", s => Set(s, "teamId", JsonValue.Create("  "))),
            ("spec.teamId", s => Set(s, "teamId", JsonValue.Create("Acid Team"))),
            ("spec.teamId", s => Set(s, "teamId", JsonValue.Create(new string('t', 64)))),
            ("spec.teamId", s => Set(s, "teamId", JsonValue.Create("-acid"))),
            ("spec.teamId", s => Set(s, "teamId", JsonValue.Create(new string('é', 100000)))),
            ("spec.numberOfInstances", s => Set(s, "numberOfInstances", null, remove: true)),
            ("spec.numberOfInstances", s => Set(s, "numberOfInstances", JsonValue.Create("3"))),
            ("spec.numberOfInstances", s => Set(s, "numberOfInstances", JsonValue.Create(-1))),
            ("spec.numberOfInstances", s => Set(s, "numberOfInstances", JsonValue.Create(2147483648L))),
            ("spec.numberOfInstances", s => Set(s, "numberOfInstances", JsonValue.Create(2.5))),
            ("spec.numberOfInstances", s => Set(s, "numberOfInstances", new JsonArray())),
            ("spec.postgresql", s => Set(s, "postgresql", JsonValue.Create("15"))),
            ("spec.postgresql", s => Set(s, "postgresql", null, remove: true)),
            ("spec.postgresql.version", s => Set(s, "postgresql", new JsonObject { ["version"] = 15 })),
            ("spec.postgresql.version", s => Set(s, "postgresql", new JsonObject())),
            ("spec.volume", s => Set(s, "volume", new JsonArray())),
            ("spec.volume.size", s => Set(s, "volume", new JsonObject { ["size"] = "" })),
            ("spec.volume.size", s => Set(s, "volume", new JsonObject { ["size"] = null })));
        return Gen.Select(bad, Gen.Int[1, 9], Gen.Bool).Select((b, instances, extra) =>
        {
            var spec = new JsonObject
            {
                ["teamId"] = "acid",
                ["numberOfInstances"] = instances,
                ["postgresql"] = new JsonObject { ["version"] = "15" },
                ["volume"] = new JsonObject { ["size"] = "1Gi" },
            };
            if (extra)
            {
                spec["users"] = new JsonObject { ["zalando"] = new JsonArray("superuser") };
            }

            return (b.Spoil(spec).ToJsonString(), b.Field);
        });
    }

    private static JsonObject Set(JsonObject spec, string key, JsonNode? value, bool remove = false)
    {
        if (remove)
        {
            spec.Remove(key);
        }
        else
        {
            spec[key] = value;
        }

        return spec;
    }

    private static string Object((string Key, string Value)[] members)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var builder = new StringBuilder("{");
        foreach (var (key, value) in members.Where(m => seen.Add(m.Key)))
        {
            builder.Append(builder.Length > 1 ? "," : "").Append('"').Append(key).Append("\":").Append(value);
        }

        return builder.Append('}').ToString();
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035();
}
