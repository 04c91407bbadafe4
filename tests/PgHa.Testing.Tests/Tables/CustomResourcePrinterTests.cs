using System.Text.Json.Nodes;
using PgHa.Testing.Resources;
using PgHa.Testing.Tables;
using static PgHa.Testing.Tests.Tables.TableFixtures;

namespace PgHa.Testing.Tests.Tables;

public sealed class CustomResourcePrinterTests
{
    [Fact]
    public void Prints_zalandos_postgresql_columns()
    {
        var table = TableConverter.ToTable(Postgresqls, Parse(SeedPostgresql), TableOptions.Default, Now);
        Headers(table).Should().Equal("NAME", "TEAM", "VERSION", "PODS", "VOLUME", "CPU-REQUEST", "MEMORY-REQUEST", "AGE", "STATUS");
        Cells(Postgresqls, SeedPostgresql).Should().Equal("acid-minimal-cluster", "acid", "15", "2", "1Gi", "10m", "100Mi", "45h", "Running");

        // PODS is an integer cell, not text.
        table["rows"]![0]!["cells"]![3]!.GetValueKind().Should().Be(System.Text.Json.JsonValueKind.Number);
    }

    // apiextensions' convertor: NAME first (format name), then each printer column with its type, format, priority and
    // description, or "Custom resource definition column (in JSONPath format): <path>" when it has none.
    [Fact]
    public void Declares_columns_as_apiextensions_does()
    {
        var table = TableConverter.ToTable(Postgresqls, Parse(SeedPostgresql), TableOptions.Default, Now);
        var columns = table["columnDefinitions"]!.AsArray();
        columns[0]!.ToJsonString().Should().Be(new JsonObject
        {
            ["name"] = "Name", ["type"] = "string", ["format"] = "name", ["description"] = ColumnDescriptions.Name, ["priority"] = 0,
        }.ToJsonString());
        columns[1]!.ToJsonString().Should().Be("""{"name":"Team","type":"string","format":"","description":"Team responsible for Postgres CLuster","priority":0}""");
        columns[3]!.ToJsonString().Should().Be("""{"name":"Pods","type":"integer","format":"","description":"Number of Pods per Postgres cluster","priority":0}""");
        columns[7]!.ToJsonString().Should().Be("""{"name":"Age","type":"date","format":"","description":"Custom resource definition column (in JSONPath format): .metadata.creationTimestamp","priority":0}""");
    }

    [Fact]
    public void Missing_fields_are_null_cells()
    {
        const string bare = """{ "apiVersion": "acid.zalan.do/v1", "kind": "postgresql", "metadata": { "name": "bare" }, "spec": { "teamId": "acid" } }""";
        Cells(Postgresqls, bare).Should().Equal("bare", "acid", null, null, null, null, null, null, null);
    }

    [Fact]
    public void Without_printer_columns_shows_name_and_age()
    {
        var type = Postgresqls with { PrinterColumns = [] };
        var table = TableConverter.ToTable(type, Parse(SeedPostgresql), TableOptions.Default, Now);
        table["columnDefinitions"]!.ToJsonString().Should().Be(new JsonArray
        {
            new JsonObject { ["name"] = "Name", ["type"] = "string", ["format"] = "name", ["description"] = ColumnDescriptions.Name, ["priority"] = 0 },
            new JsonObject { ["name"] = "Age", ["type"] = "date", ["format"] = "", ["description"] = ColumnDescriptions.CreationTimestamp, ["priority"] = 0 },
        }.ToJsonString());
        Cells(type, SeedPostgresql).Should().Equal("acid-minimal-cluster", "45h");
    }

    [Fact]
    public void Keeps_format_and_priority_and_stops_at_an_unparsable_path()
    {
        var type = Postgresqls with
        {
            PrinterColumns =
            [
                new("Instances", "integer", ".spec.numberOfInstances", Priority: 1, Format: "int32"),
                new("Broken", "string", ".spec.x[", Description: "never served"),
                new("After", "string", ".spec.teamId"),
            ],
        };
        var table = TableConverter.ToTable(type, Parse(SeedPostgresql), TableOptions.Default, Now);
        table["columnDefinitions"]![1]!.ToJsonString().Should().Be(
            """{"name":"Instances","type":"integer","format":"int32","description":"Custom resource definition column (in JSONPath format): .spec.numberOfInstances","priority":1}""");
        Headers(table, wide: true).Should().Equal("NAME", "INSTANCES");
        Cells(type, SeedPostgresql).Should().Equal("acid-minimal-cluster", "2");
    }

    // apiextensions' cellForJSONValue for each column type; string columns print any value as client-go's JSONPath does.
    [Theory]
    [InlineData("integer", "2", "2")]
    [InlineData("integer", "2.7", "2")]
    [InlineData("integer", "-2.7", "-2")]
    [InlineData("integer", "\"2\"", null)]
    [InlineData("integer", "true", null)]
    [InlineData("number", "2", "2")]
    [InlineData("number", "1.5", "1.5")]
    [InlineData("number", "\"1.5\"", null)]
    [InlineData("boolean", "true", "true")]
    [InlineData("boolean", "false", "false")]
    [InlineData("boolean", "\"true\"", null)]
    [InlineData("date", "\"2022-11-18T06:14:00Z\"", "5m")]
    [InlineData("date", "\"2022-11-18T06:19:02Z\"", "<invalid>")]
    [InlineData("date", "\"\"", "<unknown>")]
    [InlineData("date", "\"0001-01-01T00:00:00Z\"", "<unknown>")]
    [InlineData("date", "\"yesterday\"", "<invalid>")]
    [InlineData("date", "1668752040", null)]
    [InlineData("string", "\"Running\"", "Running")]
    [InlineData("string", "15", "15")]
    [InlineData("string", "1.5", "1.5")]
    [InlineData("string", "true", "true")]
    [InlineData("string", "null", "<no value>")]
    [InlineData("string", "{\"size\":\"1Gi\",\"class\":\"ssd\"}", "{\"class\":\"ssd\",\"size\":\"1Gi\"}")]
    [InlineData("string", "[\"superuser\",\"createdb\"]", "[\"superuser\",\"createdb\"]")]
    [InlineData("integer", "null", null)]
    [InlineData("array", "[1]", null)]
    public void Types_cells_as_apiextensions(string type, string value, string? expected)
    {
        var resource = Postgresqls with { PrinterColumns = [new PrinterColumn("Value", type, ".spec.value")] };
        var obj = """{ "metadata": { "name": "x" }, "spec": { "value": """ + value + " } }";
        Cells(resource, obj)[1].Should().Be(expected);
    }

    [Fact]
    public void A_filtered_condition_column_shows_its_status()
    {
        var resource = Postgresqls with
        {
            PrinterColumns = [new PrinterColumn("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status")],
        };
        const string obj = """
            { "metadata": { "name": "x" },
              "status": { "conditions": [{ "type": "Synced", "status": "False" }, { "type": "Ready", "status": "True" }] } }
            """;
        Cells(resource, obj).Should().Equal("x", "True");
    }

    // A string column prints as client-go's JSONPath.PrintResults: fmt.Fprint for scalars and encoding/json for maps and
    // slices. Float texts follow Go's strconv 'g' (shortest) rule: exponent below -4 or at least 6.
    [Theory]
    [InlineData("\"acid\"", "acid")]
    [InlineData("2", "2")]
    [InlineData("-7", "-7")]
    [InlineData("1.5", "1.5")]
    [InlineData("1.0", "1")]
    [InlineData("1e3", "1000")]
    [InlineData("123456.0", "123456")]
    [InlineData("1234567.0", "1.234567e+06")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("0.00001", "1e-05")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", "<no value>")]
    [InlineData("{\"b\":1,\"a\":\"x\"}", "{\"a\":\"x\",\"b\":1}")]
    [InlineData("[1,\"<none>\",{\"z\":null,\"y\":2.5}]", "[1,\"\\u003cnone\\u003e\",{\"y\":2.5,\"z\":null}]")]
    [InlineData("{\"k\":\"a\\u0001\\u0007\\t&\"}", "{\"k\":\"a\\u0001\\u0007\\t\\u0026\"}")]
    [InlineData("{\"big\":1e21,\"small\":1e-7,\"mid\":1234567.0}", "{\"big\":1e+21,\"mid\":1234567,\"small\":1e-7}")]
    public void String_cells_print_values_as_client_go_does(string json, string expected) =>
        CustomResourcePrinter.StringCell(JsonNode.Parse(json)).Should().Be(expected);

    [Fact]
    public void String_cells_of_created_numbers_keep_their_clr_kind()
    {
        CustomResourcePrinter.StringCell(JsonValue.Create(5)).Should().Be("5");
        CustomResourcePrinter.StringCell(JsonValue.Create(5L)).Should().Be("5");
        CustomResourcePrinter.StringCell(JsonValue.Create(2.5)).Should().Be("2.5");
    }
}
