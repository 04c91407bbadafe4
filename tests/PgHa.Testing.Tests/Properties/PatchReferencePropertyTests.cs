using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using k8s.Models;
using PgHa.Testing.Patching;
using PgHa.Testing.Schema;
using PgHa.Testing.Tests.Patching;
using TestJson = PgHa.Testing.Tests.Patching.Json;

namespace PgHa.Testing.Tests.Properties;

/// <summary>
/// Strategic merge patch with the schemas the server really uses for built-in kinds (from the KubernetesClient models
/// and kube's patch tags), against the examples of "Update API Objects in Place Using kubectl patch" and the strategic
/// merge patch design doc; and the laws of JSON merge patch (RFC 7386) and of strategic merge over generated objects.
/// </summary>
public sealed class PatchReferencePropertyTests
{
    private static readonly SchemaNode Pod = ModelSchemaFactory.For<V1Pod>();
    private static readonly SchemaNode Deployment = ModelSchemaFactory.For<V1Deployment>();

    private const string TwoContainers = """
        {"metadata":{"name":"p","labels":{"app":"db","tier":"x"},"finalizers":["a","b"]},
         "spec":{"containers":[{"name":"a","image":"postgres:15","env":[{"name":"X","value":"1"}],"ports":[{"containerPort":5432,"protocol":"TCP"}]},
                               {"name":"b","image":"pgbouncer"}],
                 "nodeSelector":{"zone":"a"},
                 "volumes":[{"name":"data","hostPath":{"path":"/data"}}],
                 "tolerations":[{"key":"dedicated","value":"db","effect":"NoSchedule"}]}}
        """;

    public static TheoryData<string, string, string, string> PodCases => new()
    {
        {
            "kubectl patch: a container is merged into the list by name",
            """{"spec":{"containers":[{"name":"c","image":"redis"}]}}""",
            "spec.containers",
            """[{"name":"c","image":"redis"},{"name":"a","image":"postgres:15","env":[{"name":"X","value":"1"}],"ports":[{"containerPort":5432,"protocol":"TCP"}]},{"name":"b","image":"pgbouncer"}]"""
        },
        {
            "kubectl patch: a container named in the patch is merged field by field, and keeps its place",
            """{"spec":{"containers":[{"name":"b","image":"pgbouncer:2"}]}}""",
            "spec.containers",
            """[{"name":"a","image":"postgres:15","env":[{"name":"X","value":"1"}],"ports":[{"containerPort":5432,"protocol":"TCP"}]},{"name":"b","image":"pgbouncer:2"}]"""
        },
        {
            "kubectl patch: tolerations have no patch strategy, so the list is replaced",
            """{"spec":{"tolerations":[{"key":"disktype","value":"ssd","effect":"NoSchedule"}]}}""",
            "spec.tolerations",
            """[{"key":"disktype","value":"ssd","effect":"NoSchedule"}]"""
        },
        {
            "design doc: $patch: delete removes the list element with that merge key",
            """{"spec":{"containers":[{"name":"b","$patch":"delete"}]}}""",
            "spec.containers",
            """[{"name":"a","image":"postgres:15","env":[{"name":"X","value":"1"}],"ports":[{"containerPort":5432,"protocol":"TCP"}]}]"""
        },
        {
            "design doc: $patch: replace in a list replaces the whole list",
            """{"spec":{"containers":[{"name":"z","image":"busybox"},{"$patch":"replace"}]}}""",
            "spec.containers",
            """[{"name":"z","image":"busybox"}]"""
        },
        {
            "design doc: $patch: replace in a map replaces the whole map",
            """{"spec":{"nodeSelector":{"$patch":"replace","disk":"ssd"}}}""",
            "spec.nodeSelector",
            """{"disk":"ssd"}"""
        },
        {
            "design doc: $patch: delete in a map empties it",
            """{"spec":{"nodeSelector":{"$patch":"delete"}}}""",
            "spec.nodeSelector",
            "{}"
        },
        {
            "design doc: null deletes a key of a map",
            """{"metadata":{"labels":{"tier":null,"role":"master"}}}""",
            "metadata.labels",
            """{"app":"db","role":"master"}"""
        },
        {
            "design doc: null deletes a field",
            """{"spec":{"nodeSelector":null}}""",
            "spec.nodeSelector",
            "null"
        },
        {
            "design doc: $setElementOrder orders the merged list",
            """{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}""",
            "spec.containers",
            """[{"name":"b","image":"pgbouncer"},{"name":"a","image":"postgres:15","env":[{"name":"X","value":"1"}],"ports":[{"containerPort":5432,"protocol":"TCP"}]}]"""
        },
        {
            "design doc: $setElementOrder places a new element among the old ones",
            """{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"c"},{"name":"b"}],"containers":[{"name":"c","image":"redis"}]}}""",
            "spec.containers[*].name",
            """["a","c","b"]"""
        },
        {
            "design doc: $retainKeys clears the other members of a union (a volume's source)",
            """{"spec":{"volumes":[{"name":"data","emptyDir":{},"$retainKeys":["emptyDir","name"]}]}}""",
            "spec.volumes",
            """[{"name":"data","emptyDir":{}}]"""
        },
        {
            // Kube's mergeSortedSlice: a value the server has keeps its place against the server's others; new ones go first.
            "design doc: a primitive list with patch strategy merge is merged as a set",
            """{"metadata":{"finalizers":["c","a"]}}""",
            "metadata.finalizers",
            """["c","a","b"]"""
        },
        {
            "design doc: $deleteFromPrimitiveList removes values from a merged primitive list",
            """{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}""",
            "metadata.finalizers",
            """["b"]"""
        },
        {
            "env is merged by name inside the container merged by name",
            """{"spec":{"containers":[{"name":"a","env":[{"name":"Y","value":"2"},{"name":"X","value":"3"}]}]}}""",
            "spec.containers[0].env",
            """[{"name":"Y","value":"2"},{"name":"X","value":"3"}]"""
        },
        {
            "ports are merged by containerPort",
            """{"spec":{"containers":[{"name":"a","ports":[{"containerPort":9187,"name":"metrics"}]}]}}""",
            "spec.containers[0].ports",
            """[{"containerPort":9187,"name":"metrics"},{"containerPort":5432,"protocol":"TCP"}]"""
        },
    };

    [Theory]
    [MemberData(nameof(PodCases))]
    public void Strategic_merge_on_a_pod_does_what_the_documentation_says(string description, string patch, string path, string expected)
    {
        var original = TestJson.Object(TwoContainers);

        var result = StrategicMergePatch.Apply(original, TestJson.Object(patch), Pod);

        Select(result, path).ShouldBeJson(expected);
        result.ToJsonString().Should().NotContain("$", description + ": no directive is left in the result");
        original.ToJsonString().Should().Be(TestJson.Object(TwoContainers).ToJsonString(), "the original is not changed");
    }

    [Fact]
    public void The_kubectl_patch_pages_deployment_gets_its_second_container_through_the_servers_deployment_schema()
    {
        var deployment = TestJson.Object("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"patch-demo"},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"nginx"}},
              "template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"name":"patch-demo-ctr","image":"nginx"}]}}}}
            """);
        var patch = TestJson.Object("""{"spec":{"template":{"spec":{"containers":[{"name":"patch-demo-ctr-2","image":"redis"}]}}}}""");

        var result = StrategicMergePatch.Apply(deployment, patch, Deployment);

        Select(result, "spec.template.spec.containers").ShouldBeJson(
            """[{"name":"patch-demo-ctr-2","image":"redis"},{"name":"patch-demo-ctr","image":"nginx"}]""");
    }

    // ----- Properties -----

    private static readonly Gen<JsonObject> Container = Gen.Select(
            Gen.OneOf("a", "b", "c", "d"), Gen.OneOf("postgres:15", "pgbouncer", "redis", "busybox").Null(0.2),
            Gen.Select(Gen.OneOf("X", "Y", "Z"), Gen.OneOf("1", "2", "")).Array[0, 3],
            Gen.Int[5430, 5433].Array[0, 2])
        .Select((name, image, env, ports) =>
        {
            var container = new JsonObject { ["name"] = name };
            if (image is not null)
            {
                container["image"] = image;
            }

            if (env.Length > 0)
            {
                container["env"] = new JsonArray([.. env.DistinctBy(e => e.Item1).Select(e => (JsonNode)new JsonObject { ["name"] = e.Item1, ["value"] = e.Item2 })]);
            }

            if (ports.Length > 0)
            {
                container["ports"] = new JsonArray([.. ports.Distinct().Select(p => (JsonNode)new JsonObject { ["containerPort"] = p, ["protocol"] = "TCP" })]);
            }

            return container;
        });

    private static readonly Gen<JsonObject> PodObject = Gen.Select(
            Container.Array[0, 3], Gen.Select(Gen.OneOf("app", "tier", "role"), Gen.OneOf("db", "x", "master")).Array[0, 3], Gen.OneOf("a", "b", "c").Array[0, 3])
        .Select((containers, labels, finalizers) =>
        {
            var metadata = new JsonObject { ["name"] = "p" };
            if (labels.Length > 0)
            {
                metadata["labels"] = new JsonObject([.. labels.DistinctBy(l => l.Item1).Select(l => KeyValuePair.Create(l.Item1, (JsonNode?)l.Item2))]);
            }

            if (finalizers.Length > 0)
            {
                metadata["finalizers"] = new JsonArray([.. finalizers.Distinct().Select(f => (JsonNode)f)]);
            }

            return new JsonObject
            {
                ["metadata"] = metadata,
                ["spec"] = new JsonObject { ["containers"] = new JsonArray([.. containers.DistinctBy(c => (string)c["name"]!)]) },
            };
        });

    [Fact]
    public void An_empty_strategic_patch_changes_nothing()
    {
        Gen.Select(PodObject, Gen.Bool).Sample((pod, withSchema) =>
        {
            var result = StrategicMergePatch.Apply(pod, new JsonObject(), withSchema ? Pod : null);

            JsonNode.DeepEquals(result, pod).Should().BeTrue(pod.ToJsonString());
        });
    }

    [Fact]
    public void A_strategic_patch_without_directives_applied_twice_is_applied_once()
    {
        Gen.Select(PodObject, PodObject).Sample((pod, patchSource) =>
        {
            // Any object of the kind is a patch: kubectl sends such "desired state" documents.
            var once = StrategicMergePatch.Apply(pod, patchSource, Pod);
            var twice = StrategicMergePatch.Apply(once, patchSource, Pod);

            JsonNode.DeepEquals(twice, once).Should().BeTrue("{0} + {1}: {2} then {3}", pod.ToJsonString(), patchSource.ToJsonString(), once.ToJsonString(), twice.ToJsonString());
        });
    }

    [Fact]
    public void Merging_a_pods_containers_by_name_keeps_every_container_and_takes_the_patchs_fields()
    {
        Gen.Select(PodObject, PodObject).Sample((pod, patchSource) =>
        {
            var result = StrategicMergePatch.Apply(pod, patchSource, Pod);

            // The model: containers are a map by name; each patch container's scalar fields win, the others stay.
            var before = Containers(pod);
            var patched = Containers(patchSource);
            var after = Containers(result);
            after.Keys.Should().BeEquivalentTo(before.Keys.Union(patched.Keys));
            foreach (var (name, container) in after)
            {
                var expectedImage = patched.TryGetValue(name, out var p) && p["image"] is { } image ? image : before.GetValueOrDefault(name)?["image"];
                TestJson.Text(container["image"]).Should().Be(TestJson.Text(expectedImage));
            }
        });
    }

    [Fact]
    public void Deleting_a_container_by_name_removes_exactly_that_one()
    {
        Gen.Select(PodObject, Gen.OneOf("a", "b", "c", "d")).Sample((pod, name) =>
        {
            var patch = TestJson.Object("""{"spec":{"containers":[{"name":""" + JsonValue.Create(name).ToJsonString() + ""","$patch":"delete"}]}}""");

            var result = StrategicMergePatch.Apply(pod, patch, Pod);

            var expected = Containers(pod);
            expected.Remove(name);
            var after = Containers(result);
            after.Keys.Should().BeEquivalentTo(expected.Keys);
            foreach (var (key, container) in after)
            {
                JsonNode.DeepEquals(container, expected[key]).Should().BeTrue(key);
            }
        });
    }

    private static readonly string[] Keys = ["a", "b", "c"];

    private static Gen<JsonNode?> JsonValueGen(int depth, bool nulls) => depth == 0
        ? Scalar(nulls)
        : Gen.Frequency(
            (3, Scalar(nulls)),
            (2, ObjectGen(depth - 1, nulls).Select(o => (JsonNode?)o)),
            // No nulls inside lists: kube (evanphx json-patch v4) keeps a list's null members when it replaces an object
            // but prunes them when it replaces anything else, so such a patch is not idempotent there (see JsonMergePatch).
            (1, JsonValueGen(depth - 1, nulls: false).Array[0, 2].Select(items => (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())]))));

    // A weight of 0 in Gen.Frequency still draws its generator now and then, so the null choice is left out instead.
    private static Gen<JsonNode?> Scalar(bool nulls) => nulls
        ? Gen.Frequency(
            (4, Gen.Int[0, 3].Select(i => (JsonNode?)JsonValue.Create(i))),
            (2, Gen.OneOf("x", "y").Select(s => (JsonNode?)JsonValue.Create(s))),
            (1, Gen.Const(() => (JsonNode?)null)))
        : Gen.Frequency(
            (4, Gen.Int[0, 3].Select(i => (JsonNode?)JsonValue.Create(i))),
            (2, Gen.OneOf("x", "y").Select(s => (JsonNode?)JsonValue.Create(s))));

    private static Gen<JsonObject> ObjectGen(int depth, bool nulls) =>
        Gen.Select(Gen.OneOf(Keys), JsonValueGen(depth, nulls)).Array[0, 3].Select(members =>
        {
            var obj = new JsonObject();
            foreach (var (key, value) in members)
            {
                obj[key] = value?.DeepClone();
            }

            return obj;
        });

    [Fact]
    public void Merge_patch_laws_hold_idempotence_identity_and_the_diff_round_trip()
    {
        Gen.Select(ObjectGen(3, nulls: false), ObjectGen(3, nulls: false), ObjectGen(3, nulls: true)).Sample((a, b, patch) =>
        {
            // Identity: {} changes nothing.
            JsonNode.DeepEquals(JsonMergePatch.Apply(a, new JsonObject()), a).Should().BeTrue();

            // Idempotence: a merge patch applied twice is applied once.
            var once = JsonMergePatch.Apply(a, patch);
            JsonNode.DeepEquals(JsonMergePatch.Apply(once, patch), once).Should().BeTrue("{0} + {1}", a.ToJsonString(), patch.ToJsonString());

            // RFC 7386: a result never holds a null member when the target held none.
            NoNulls(once).Should().BeTrue(once?.ToJsonString());

            // The diff (RFC 7386's patch from a to b, computed here independently) turns a into b.
            JsonNode.DeepEquals(JsonMergePatch.Apply(a, Diff(a, b)), b).Should().BeTrue("{0} -> {1} by {2}", a.ToJsonString(), b.ToJsonString(), Diff(a, b).ToJsonString());
        });
    }

    [Fact]
    public void Strategic_merge_without_schema_or_lists_is_the_merge_patch_diff_law_too()
    {
        var listless = ObjectGen(3, nulls: false).Where(o => !o.ToJsonString().Contains('[', StringComparison.Ordinal));
        Gen.Select(listless, listless).Sample((a, b) =>
        {
            JsonNode.DeepEquals(StrategicMergePatch.Apply(a, Diff(a, b), schema: null), b).Should().BeTrue("{0} -> {1}", a.ToJsonString(), b.ToJsonString());
        });
    }

    // RFC 7386 section 2's inverse: members of a missing from b become null, changed members recurse when both are objects.
    private static JsonObject Diff(JsonObject a, JsonObject b)
    {
        var patch = new JsonObject();
        foreach (var (key, value) in a)
        {
            if (!b.ContainsKey(key))
            {
                patch[key] = null;
            }
        }

        foreach (var (key, value) in b)
        {
            var old = a.TryGetPropertyValue(key, out var o) ? o : null;
            if (a.ContainsKey(key) && JsonNode.DeepEquals(old, value))
            {
                continue;
            }

            patch[key] = old is JsonObject oldObject && value is JsonObject newObject ? Diff(oldObject, newObject) : value?.DeepClone();
        }

        return patch;
    }

    private static bool NoNulls(JsonNode? node) => node switch
    {
        JsonObject obj => obj.All(p => p.Value is not null && NoNulls(p.Value)),
        JsonArray array => array.All(NoNulls),
        _ => true,
    };

    private static Dictionary<string, JsonObject> Containers(JsonObject pod) =>
        (pod["spec"]?["containers"] as JsonArray ?? []).Select(c => c!.AsObject()).ToDictionary(c => (string)c["name"]!, StringComparer.Ordinal);

    // A dotted path with [i] indexes, and [*].field to project a list.
    private static JsonNode? Select(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            if (part.EndsWith("[*]", StringComparison.Ordinal))
            {
                var list = node?[part[..^3]]?.AsArray() ?? [];
                var rest = path[(path.IndexOf(part, StringComparison.Ordinal) + part.Length + 1)..];
                return new JsonArray([.. list.Select(item => Select(item, rest)?.DeepClone())]);
            }

            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            node = bracket < 0
                ? node?[part]
                : node?[part[..bracket]]?[int.Parse(part[(bracket + 1)..^1], CultureInfo.InvariantCulture)];
        }

        return node;
    }
}
