using PgHa.Testing.Tables;
using static PgHa.Testing.Tests.Tables.TableFixtures;

namespace PgHa.Testing.Tests.Tables;

public sealed class TablePrintersTests
{
    [Theory]
    [InlineData("services", typeof(ServicePrinter))]
    [InlineData("endpoints", typeof(EndpointsPrinter))]
    [InlineData("endpointslices.discovery.k8s.io", typeof(EndpointSlicePrinter))]
    [InlineData("pods", typeof(PodPrinter))]
    [InlineData("configmaps", typeof(ConfigMapPrinter))]
    [InlineData("namespaces", typeof(NamespacePrinter))]
    [InlineData("events", typeof(EventPrinter))]
    [InlineData("events.events.k8s.io", typeof(EventPrinter))]
    [InlineData("leases.coordination.k8s.io", typeof(LeasePrinter))]
    [InlineData("secrets", typeof(SecretPrinter))]
    [InlineData("serviceaccounts", typeof(ServiceAccountPrinter))]
    [InlineData("customresourcedefinitions.apiextensions.k8s.io", typeof(DefaultTablePrinter))]
    [InlineData("nodes", typeof(DefaultTablePrinter))]
    [InlineData("postgresqls.acid.zalan.do", typeof(CustomResourcePrinter))]
    public void Picks_kubes_printer_by_group_and_plural(string groupResource, Type printer) =>
        TablePrinters.For(ByName(groupResource)).Should().BeOfType(printer);

    [Fact]
    public void A_built_in_plural_in_another_group_gets_the_default_table() =>
        TablePrinters.For(Services with { Group = "example.com" }).Should().BeOfType<DefaultTablePrinter>();

    [Fact]
    public void Parses_a_custom_resources_columns_once() =>
        TablePrinters.For(Postgresqls).Should().BeSameAs(TablePrinters.For(Postgresqls));

    // Small kinds: columns and cells as kube's printConfigMap, printNamespace, printLease, printSecret and
    // printServiceAccount print them (DATA and SECRETS are integer cells).
    public static TheoryData<string, string, string[], string[]> SmallKinds => new()
    {
        {
            "configmaps",
            """{ "metadata": { "name": "acid-minimal-cluster-config", "creationTimestamp": "2022-11-16T08:21:00Z" }, "data": { "a": "1", "b": "2" }, "binaryData": { "c": "AAE=" } }""",
            ["NAME", "DATA", "AGE"],
            ["acid-minimal-cluster-config", "3", "45h"]
        },
        { "configmaps", """{ "metadata": { "name": "empty" } }""", ["NAME", "DATA", "AGE"], ["empty", "0", "<unknown>"] },
        {
            "namespaces",
            """{ "metadata": { "name": "default", "creationTimestamp": "2022-11-01T00:00:00Z" }, "status": { "phase": "Active" } }""",
            ["NAME", "STATUS", "AGE"],
            ["default", "Active", "17d"]
        },
        {
            "leases.coordination.k8s.io",
            """{ "metadata": { "name": "acid-minimal-cluster", "creationTimestamp": "2022-11-18T06:13:30Z" }, "spec": { "holderIdentity": "acid-minimal-cluster-0", "leaseDurationSeconds": 30 } }""",
            ["NAME", "HOLDER", "AGE"],
            ["acid-minimal-cluster", "acid-minimal-cluster-0", "5m30s"]
        },
        { "leases.coordination.k8s.io", """{ "metadata": { "name": "free" }, "spec": { } }""", ["NAME", "HOLDER", "AGE"], ["free", "", "<unknown>"] },
        {
            "secrets",
            """{ "metadata": { "name": "postgres.acid-minimal-cluster.credentials", "creationTimestamp": "2022-11-16T08:21:00Z" }, "type": "Opaque", "data": { "username": "cG9zdGdyZXM=", "password": "c2VjcmV0" } }""",
            ["NAME", "TYPE", "DATA", "AGE"],
            ["postgres.acid-minimal-cluster.credentials", "Opaque", "2", "45h"]
        },
        {
            "serviceaccounts",
            """{ "metadata": { "name": "postgres-pod", "creationTimestamp": "2022-11-16T08:21:00Z" }, "secrets": [{ "name": "postgres-pod-token" }] }""",
            ["NAME", "SECRETS", "AGE"],
            ["postgres-pod", "1", "45h"]
        },
        {
            // kube-apiserver v1.32 has no printer for CRDs (the richer one arrives in v1.37): its default table.
            "customresourcedefinitions.apiextensions.k8s.io",
            """{ "metadata": { "name": "postgresqls.acid.zalan.do", "creationTimestamp": "2022-11-16T10:20:00+02:00" }, "spec": { "group": "acid.zalan.do" } }""",
            ["NAME", "CREATED AT"],
            ["postgresqls.acid.zalan.do", "2022-11-16T08:20:00Z"]
        },
        { "nodes", """{ "metadata": { "name": "node-1" } }""", ["NAME", "CREATED AT"], ["node-1", "0001-01-01T00:00:00Z"] },
    };

    [Theory]
    [MemberData(nameof(SmallKinds))]
    public void Prints_small_kinds_as_kube(string groupResource, string json, string[] headers, string[] cells)
    {
        var type = ByName(groupResource);
        var table = TableConverter.ToTable(type, Parse(json), TableOptions.Default, Now);
        Headers(table, wide: true).Should().Equal(headers);
        Cells(type, json).Should().Equal(cells);
    }

    [Fact]
    public void The_default_tables_created_at_column_is_a_date()
    {
        var table = TableConverter.ToTable(Crds, Parse("""{ "metadata": { "name": "x" } }"""), TableOptions.Default, Now);
        table["columnDefinitions"]![1]!["type"]!.GetValue<string>().Should().Be("date");
        table["columnDefinitions"]![0]!["format"]!.GetValue<string>().Should().Be("name");
    }
}
