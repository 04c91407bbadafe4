using System.Text.Json.Nodes;
using PgHa.Testing.Tables;
using static PgHa.Testing.Tests.Tables.TableFixtures;

namespace PgHa.Testing.Tests.Tables;

public sealed class TableConverterTests
{
    // What kube-apiserver answers to kubectl get services (Accept: application/json;as=Table;v=v1;g=meta.k8s.io):
    // asTable over printService, with the default includeObject=Metadata.
    [Fact]
    public void Builds_kubes_table_for_a_list()
    {
        var table = TableConverter.ToTable(Services, [Parse(SeedService)], TableOptions.Default, Now, "5000", null);

        table.Select(p => p.Key).Should().Equal("kind", "apiVersion", "metadata", "columnDefinitions", "rows");
        table["kind"]!.GetValue<string>().Should().Be("Table");
        table["apiVersion"]!.GetValue<string>().Should().Be("meta.k8s.io/v1");
        table["metadata"]!.ToJsonString().Should().Be("""{"resourceVersion":"5000"}""");

        var columns = table["columnDefinitions"]!.AsArray();
        columns.Select(c => (c!["name"]!.GetValue<string>(), c["type"]!.GetValue<string>(), c["format"]!.GetValue<string>(), c["priority"]!.GetValue<int>()))
            .Should().Equal(
                ("Name", "string", "name", 0), ("Type", "string", "", 0), ("Cluster-IP", "string", "", 0), ("External-IP", "string", "", 0),
                ("Port(s)", "string", "", 0), ("Age", "string", "", 0), ("Selector", "string", "", 1));
        columns[4]!["description"]!.GetValue<string>().Should().Be(
            "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies");

        var row = table["rows"]!.AsArray().Single()!.AsObject();
        row.Select(p => p.Key).Should().Equal("cells", "object");
        row["cells"]!.ToJsonString().Should().Be(new JsonArray("acid-minimal-cluster", "ClusterIP", "10.102.154.118", "<none>", "5432/TCP", "45h", "<none>").ToJsonString());
        JsonNode.DeepEquals(row["object"], JsonNode.Parse("""
            {
              "kind": "PartialObjectMetadata",
              "apiVersion": "meta.k8s.io/v1",
              "metadata": {
                "name": "acid-minimal-cluster",
                "namespace": "default",
                "uid": "1f5c2c1e-1c1e-4a61-9a1b-5b0e7a3c2d10",
                "resourceVersion": "1042",
                "creationTimestamp": "2022-11-16T08:21:00Z",
                "labels": { "application": "spilo", "cluster-name": "acid-minimal-cluster", "spilo-role": "master", "team": "acid" }
              }
            }
            """)).Should().BeTrue(row["object"]!.ToJsonString());
    }

    [Fact]
    public void Includes_no_object_for_none()
    {
        var table = TableConverter.ToTable(Services, [Parse(SeedService)], TableOptions.Default with { IncludeObject = IncludeObjectPolicy.None }, Now, "5000", null);
        var row = table["rows"]![0]!.AsObject();

        // Go writes the empty RawExtension as null rather than leaving the field out.
        row.ContainsKey("object").Should().BeTrue();
        row["object"].Should().BeNull();
    }

    [Fact]
    public void Includes_a_copy_of_the_whole_object_for_object()
    {
        var stored = Parse(SeedEndpoints);
        stored.Remove("kind");
        stored.Remove("apiVersion");
        var table = TableConverter.ToTable(Endpoints, [stored], TableOptions.Default with { IncludeObject = IncludeObjectPolicy.Object }, Now, "5000", null);
        var included = table["rows"]![0]!["object"]!.AsObject();

        included["kind"]!.GetValue<string>().Should().Be("Endpoints");
        included["apiVersion"]!.GetValue<string>().Should().Be("v1");
        included["subsets"]!.ToJsonString().Should().Be(stored["subsets"]!.ToJsonString());
        included["metadata"]!["annotations"]!["renewTime"]!.GetValue<string>().Should().Be("2022-11-18T06:18:59.159796+00:00");

        included["metadata"]!["name"] = "changed";
        stored["metadata"]!["name"]!.GetValue<string>().Should().Be("acid-minimal-cluster");
        stored.ContainsKey("kind").Should().BeFalse();
    }

    [Fact]
    public void Uses_the_requested_table_version_for_partial_metadata_too()
    {
        var table = TableConverter.ToTable(Pods, [Parse("""{ "metadata": { "name": "p" } }""")], TableOptions.Default with { ApiVersion = TableOptions.V1Beta1 }, Now, "1", null);
        table["apiVersion"]!.GetValue<string>().Should().Be("meta.k8s.io/v1beta1");
        table["rows"]![0]!["object"]!["apiVersion"]!.GetValue<string>().Should().Be("meta.k8s.io/v1beta1");
    }

    [Fact]
    public void Refuses_a_table_version_kube_does_not_serve()
    {
        var act = () => TableConverter.ToTable(Pods, [], TableOptions.Default with { ApiVersion = "meta.k8s.io/v2" }, Now, "1", null);
        act.Should().Throw<ArgumentException>().WithMessage("no Table exists in group version meta.k8s.io/v2*");
    }

    [Fact]
    public void Sends_null_column_definitions_without_headers()
    {
        var table = TableConverter.ToTable(Pods, [Parse("""{ "metadata": { "name": "p" } }""")], TableOptions.Default with { NoHeaders = true }, Now, "1", null);
        table.ContainsKey("columnDefinitions").Should().BeTrue();
        table["columnDefinitions"].Should().BeNull();
        table["rows"]![0]!["cells"]!.AsArray().Should().HaveCount(9);
    }

    [Fact]
    public void Carries_list_metadata()
    {
        var table = TableConverter.ToTable(Pods, [], TableOptions.Default, Now, "7001", "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NzAwMX0", remainingItemCount: 12);
        table["metadata"]!.ToJsonString().Should().Be("""{"resourceVersion":"7001","continue":"eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NzAwMX0","remainingItemCount":12}""");
        TableConverter.ToTable(Pods, [], TableOptions.Default, Now, null, null)["metadata"]!.ToJsonString().Should().Be("{}");
    }

    // Printers and the CRD convertor return an empty slice for an empty list; kube's default convertor leaves rows nil,
    // which Go writes as null.
    [Theory]
    [InlineData("pods", "[]")]
    [InlineData("postgresqls.acid.zalan.do", "[]")]
    [InlineData("customresourcedefinitions.apiextensions.k8s.io", "null")]
    public void Writes_empty_rows_as_kube(string groupResource, string rows)
    {
        var table = TableConverter.ToTable(ByName(groupResource), [], TableOptions.Default, Now, "1", null);
        table.ContainsKey("rows").Should().BeTrue();
        (table["rows"]?.ToJsonString() ?? "null").Should().Be(rows);
    }

    [Fact]
    public void A_single_get_carries_the_objects_resource_version()
    {
        var table = TableConverter.ToTable(EndpointSlices, Parse(SeedEndpointSlice), TableOptions.Default, Now);
        table["metadata"]!.ToJsonString().Should().Be("""{"resourceVersion":"2078"}""");
        table["rows"]!.AsArray().Should().ContainSingle();
    }

    // kube's watchEmbeddedEncoder: each event's object is a one-row Table; only the first carries column definitions.
    [Fact]
    public void Watch_events_carry_columns_only_first()
    {
        var first = TableConverter.ToWatchEventTable(Endpoints, Parse(SeedEndpoints), TableOptions.Default, Now, isFirstEvent: true);
        var later = TableConverter.ToWatchEventTable(Endpoints, Parse(SeedEndpoints), TableOptions.Default, Now, isFirstEvent: false);

        first["columnDefinitions"]!.AsArray().Should().HaveCount(3);
        later["columnDefinitions"].Should().BeNull();
        later["metadata"]!.ToJsonString().Should().Be("""{"resourceVersion":"2077"}""");
        later["rows"]!.AsArray().Single()!["cells"]!.ToJsonString().Should().Be(new JsonArray("acid-minimal-cluster", "10.8.112.49:5432", "45h").ToJsonString());
        later["rows"]![0]!["object"]!["kind"]!.GetValue<string>().Should().Be("PartialObjectMetadata");
    }

    // meta.AsPartialObjectMetadata copies ObjectMeta's fields only, and Go's omitempty drops empty ones, except that
    // creationTimestamp (a struct) is always written, as null when unset, and pointer fields keep a zero value.
    [Fact]
    public void Partial_metadata_is_objectmeta_as_go_writes_it()
    {
        const string obj = """
            { "metadata": { "name": "p", "generateName": "", "generation": 0, "labels": {}, "finalizers": [],
                            "deletionGracePeriodSeconds": 0, "deletionTimestamp": "2022-11-18T06:18:50Z", "clusterName": "legacy",
                            "managedFields": [{ "manager": "kubectl", "operation": "Update" }] } }
            """;
        var table = TableConverter.ToTable(Pods, [Parse(obj)], TableOptions.Default, Now, "1", null);
        table["rows"]![0]!["object"]!["metadata"]!.ToJsonString().Should().Be(
            """{"name":"p","creationTimestamp":null,"deletionTimestamp":"2022-11-18T06:18:50Z","deletionGracePeriodSeconds":0,"managedFields":[{"manager":"kubectl","operation":"Update"}]}""");
    }

    [Fact]
    public void Keeps_rows_in_list_order_and_leaves_objects_untouched()
    {
        var objects = new[] { "c", "a", "b" }.Select(n => Parse($$"""{ "metadata": { "name": "{{n}}" }, "data": { "k": "v" } }""")).ToList();
        var before = string.Join('|', objects.Select(o => o.ToJsonString()));

        var table = TableConverter.ToTable(ConfigMaps, objects, TableOptions.Default, Now, "9", null);

        table["rows"]!.AsArray().Select(r => r!["cells"]![0]!.GetValue<string>()).Should().Equal("c", "a", "b");
        string.Join('|', objects.Select(o => o.ToJsonString())).Should().Be(before);
        objects.Should().OnlyContain(o => o.Parent == null);
    }
}
