using PgHa.Testing.Tables;
using static PgHa.Testing.Tests.Tables.TableFixtures;

namespace PgHa.Testing.Tests.Tables;

public sealed class ServicePrinterTests
{

    // Columns: NAME, TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S), AGE, SELECTOR (wide). Cases from the seed article and from
    // kube's TestPrintServiceLoadBalancer (pkg/printers/internalversion/printers_test.go); the server always prints the
    // wide form, so load-balancer addresses are never cut to 16 characters.
    public static TheoryData<string, string[]> Cases => new()
    {
        {
            SeedService,
            ["acid-minimal-cluster", "ClusterIP", "10.102.154.118", "<none>", "5432/TCP", "45h", "<none>"]
        },
        {
            // The replica Service is an ordinary selector Service.
            """
            { "metadata": { "name": "acid-minimal-cluster-repl", "creationTimestamp": "2022-11-16T08:21:00Z" },
              "spec": { "type": "ClusterIP", "clusterIPs": ["10.96.7.21"], "ports": [{ "port": 5432, "protocol": "TCP" }],
                        "selector": { "spilo-role": "replica", "application": "spilo", "cluster-name": "acid-minimal-cluster" } } }
            """,
            ["acid-minimal-cluster-repl", "ClusterIP", "10.96.7.21", "<none>", "5432/TCP", "45h", "application=spilo,cluster-name=acid-minimal-cluster,spilo-role=replica"]
        },
        {
            Svc(""" "spec": { "type": "LoadBalancer", "clusterIPs": ["1.5.6.7"], "selector": { "foo": "bar" }, "ports": [{ "port": 80, "protocol": "TCP" }, { "port": 8090, "protocol": "UDP" }, { "port": 8000, "protocol": "TCP" }] }, "status": { "loadBalancer": { "ingress": [{ "ip": "3.4.5.6" }, { "ip": "2.3.4.5" }, { "ip": "5.6.7.8", "hostname": "host5678" }] } }"""),
            ["svc", "LoadBalancer", "1.5.6.7", "2.3.4.5,3.4.5.6,5.6.7.8", "80/TCP,8090/UDP,8000/TCP", "5m", "foo=bar"]
        },
        {
            Svc(""" "spec": { "type": "LoadBalancer", "clusterIPs": ["1.3.4.5"], "ports": [{ "port": 80, "protocol": "TCP" }, { "port": 7777, "protocol": "SCTP" }] }"""),
            ["svc", "LoadBalancer", "1.3.4.5", "<pending>", "80/TCP,7777/SCTP", "5m", "<none>"]
        },
        {
            Svc(""" "spec": { "type": "LoadBalancer", "clusterIPs": ["1.3.4.5"], "externalIPs": ["9.9.9.9"], "ports": [] }, "status": { "loadBalancer": { "ingress": [{ "hostname": "lb.example.com" }] } }"""),
            ["svc", "LoadBalancer", "1.3.4.5", "lb.example.com,9.9.9.9", "<none>", "5m", "<none>"]
        },
        {
            Svc(""" "spec": { "type": "NodePort", "clusterIPs": ["10.0.0.3"], "externalIPs": ["192.0.2.1", "192.0.2.2"], "ports": [{ "port": 5432, "nodePort": 30432, "protocol": "TCP" }] }"""),
            ["svc", "NodePort", "10.0.0.3", "192.0.2.1,192.0.2.2", "5432:30432/TCP", "5m", "<none>"]
        },
        {
            Svc(""" "spec": { "type": "ExternalName", "externalName": "db.example.com" }"""),
            ["svc", "ExternalName", "<none>", "db.example.com", "<none>", "5m", "<none>"]
        },
        {
            Svc(""" "spec": { "type": "ClusterIP", "clusterIP": "None", "clusterIPs": ["None"], "selector": { "app": "db" } }"""),
            ["svc", "ClusterIP", "None", "<none>", "<none>", "5m", "app=db"]
        },
        {
            // Written without clusterIPs (kube-apiserver would have filled it from clusterIP).
            Svc(""" "spec": { "type": "ClusterIP", "clusterIP": "10.0.0.9", "ports": [{ "port": 53, "protocol": "UDP" }] }"""),
            ["svc", "ClusterIP", "10.0.0.9", "<none>", "53/UDP", "5m", "<none>"]
        },
        {
            Svc(""" "spec": { }"""),
            ["svc", "", "<none>", "<unknown>", "<none>", "5m", "<none>"]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Prints_rows_as_kube(string service, string[] expected) => Cells(Services, service).Should().Equal(expected);

    private static string Svc(string specAndStatus) =>
        """{ "metadata": { "name": "svc", "creationTimestamp": "2022-11-18T06:14:00Z" }, """ + specAndStatus + " }";

    [Fact]
    public void Has_kubes_columns()
    {
        var table = TableConverter.ToTable(Services, [Parse(SeedService)], TableOptions.Default, Now, "1042", null);
        Headers(table).Should().Equal("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE");
        Headers(table, wide: true).Should().Equal("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", "SELECTOR");
    }
}
