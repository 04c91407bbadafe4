using PgHa.Testing.Tables;
using static PgHa.Testing.Tests.Tables.TableFixtures;

namespace PgHa.Testing.Tests.Tables;

public sealed class EndpointSlicePrinterTests
{
    [Fact]
    public void Prints_the_mirrored_seed_slice()
    {
        Cells(EndpointSlices, SeedEndpointSlice).Should().Equal("acid-minimal-cluster-4z5c8", "IPv4", "5432", "10.8.112.49", "45h");
        Headers(TableConverter.ToTable(EndpointSlices, Parse(SeedEndpointSlice), TableOptions.Default, Now), wide: true)
            .Should().Equal("NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE");
    }

    // kube's formatDiscoveryPorts and formatDiscoveryEndpoints: port number, else name, else "*"; every address of every
    // endpoint whatever its conditions; "<unset>" for an empty list; three shown, then " + N more...".
    public static TheoryData<string, string, string> Cases => new()
    {
        { """{ "addressType": "IPv4" }""", "<unset>", "<unset>" },
        {
            """
            { "ports": [{ "name": "postgresql", "port": 5432 }, { "name": "patroni" }, { }],
              "endpoints": [{ "addresses": ["10.0.0.1"], "conditions": { "ready": false, "terminating": true } }] }
            """,
            "5432,patroni,*",
            "10.0.0.1"
        },
        {
            """
            { "ports": [{ "port": 1 }, { "port": 2 }, { "port": 3 }, { "port": 4 }, { "port": 5 }],
              "endpoints": [{ "addresses": ["10.0.0.1", "10.0.0.2"] }, { "addresses": ["10.0.0.3"] }, { "addresses": ["10.0.0.4"] }] }
            """,
            "1,2,3 + 2 more...",
            "10.0.0.1,10.0.0.2,10.0.0.3 + 1 more..."
        },
        { """{ "addressType": "IPv6", "endpoints": [{ "addresses": ["fd00::1"] }] }""", "<unset>", "fd00::1" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Formats_ports_and_endpoints_as_kube(string slice, string ports, string endpoints)
    {
        var cells = Cells(EndpointSlices, slice);
        cells[2].Should().Be(ports);
        cells[3].Should().Be(endpoints);
    }
}
