using PgHa.Testing.Tables;
using static PgHa.Testing.Tests.Tables.TableFixtures;

namespace PgHa.Testing.Tests.Tables;

public sealed class EndpointsPrinterTests
{
    // kube's formatEndpoints: ready addresses with every port of their subset, three at most, then " + N more...".
    public static TheoryData<string, string> Cases => new()
    {
        { """{ "subsets": [{ "addresses": [{ "ip": "10.8.112.49" }], "ports": [{ "name": "postgresql", "port": 5432 }] }] }""", "10.8.112.49:5432" },
        { """{ }""", "<none>" },
        { """{ "subsets": [] }""", "<none>" },
        { """{ "subsets": [{ "notReadyAddresses": [{ "ip": "10.8.112.50" }], "ports": [{ "port": 5432 }] }] }""", "" },
        { """{ "subsets": [{ "addresses": [{ "ip": "10.0.0.1" }, { "ip": "10.0.0.2" }] }] }""", "10.0.0.1,10.0.0.2" },
        {
            """{ "subsets": [{ "addresses": [{ "ip": "10.0.0.1" }, { "ip": "10.0.0.2" }], "ports": [{ "port": 5432 }, { "port": 8008 }] }] }""",
            "10.0.0.1:5432,10.0.0.2:5432,10.0.0.1:8008 + 1 more..."
        },
        {
            """
            { "subsets": [
                { "addresses": [{ "ip": "10.0.0.1" }, { "ip": "10.0.0.2" }, { "ip": "10.0.0.3" }], "ports": [{ "port": 80 }] },
                { "addresses": [{ "ip": "10.0.1.1" }, { "ip": "10.0.1.2" }], "ports": [{ "port": 81 }] } ] }
            """,
            "10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 2 more..."
        },
        { """{ "subsets": [{ "addresses": [{ "ip": "fd00::1" }], "ports": [{ "port": 5432 }] }] }""", "[fd00::1]:5432" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Formats_endpoints_as_kube(string endpoints, string expected) =>
        Cells(Endpoints, endpoints)[1].Should().Be(expected);

    [Fact]
    public void Prints_the_seed_endpoints()
    {
        Cells(Endpoints, SeedEndpoints).Should().Equal("acid-minimal-cluster", "10.8.112.49:5432", "45h");
        Headers(TableConverter.ToTable(Endpoints, Parse(SeedEndpoints), TableOptions.Default, Now), wide: true)
            .Should().Equal("NAME", "ENDPOINTS", "AGE");
    }
}
