using System.Text.Json.Nodes;
using PgHa.Testing.Go;
using PgHa.Testing.Resources;

namespace PgHa.Testing.Tables;

/// <summary>
/// apiextensions' table convertor (<c>pkg/registry/customresource/tableconvertor</c>) for a CRD version's
/// <c>additionalPrinterColumns</c>: an implicit NAME column first, then one column per printer column, or a single AGE
/// column when the CRD declares none (<c>serveDefaultColumnsIfEmpty</c>). kube adds no AGE when columns are declared.
/// </summary>
internal sealed class CustomResourcePrinter : TablePrinter
{
    private static readonly PrinterColumn DefaultAge = new("Age", "date", ".metadata.creationTimestamp", Description: ColumnDescriptions.CreationTimestamp);

    private readonly List<TableColumnDefinition> _columns = [NameColumn];
    private readonly List<(ColumnJsonPath Path, string Type)> _cells = [];

    public CustomResourcePrinter(IReadOnlyList<PrinterColumn> printerColumns)
    {
        foreach (var column in printerColumns.Count == 0 ? [DefaultAge] : printerColumns)
        {
            if (!ColumnJsonPath.TryParse(column.JsonPath, out var path, out _))
            {
                // kube keeps the columns parsed before the first bad path (CRD validation normally rejects it first).
                break;
            }

            _columns.Add(new TableColumnDefinition(
                column.Name,
                column.Type,
                column.Format ?? string.Empty,
                string.IsNullOrEmpty(column.Description) ? ColumnDescriptions.CustomColumn(column.JsonPath) : column.Description,
                column.Priority));
            _cells.Add((path!, column.Type));
        }
    }

    public override IReadOnlyList<TableColumnDefinition> Columns => _columns;

    public override void AddCells(JsonObject obj, DateTimeOffset now, JsonArray cells)
    {
        cells.Add(NameOf(obj));
        var results = new List<JsonNode?>();
        foreach (var (path, type) in _cells)
        {
            if (!path.TryEvaluate(obj, results) || results.Count == 0)
            {
                cells.Add((JsonNode?)null);
                continue;
            }

            // Only simple paths are expected, so the first result stands for the column.
            var value = results[0];
            cells.Add(type == "string" ? JsonValue.Create(StringCell(value)) : CellFor(type, value, now));
        }
    }

    /// <summary>
    /// A <c>string</c> column's text, as client-go's <c>JSONPath.PrintResults</c> writes it: maps and slices through
    /// <c>json.Marshal</c>, other values through <c>fmt.Fprint</c> (<c>%v</c>), and nil as the template printer's
    /// <c>&lt;no value&gt;</c>.
    /// </summary>
    public static string StringCell(JsonNode? value) => value switch
    {
        null => "<no value>",
        JsonObject or JsonArray => GoJson.Marshal(value),
        _ => GoValues.FormatV(value),
    };

    /// <summary>
    /// apiextensions' <c>cellForJSONValue</c>: integer and number cells convert between int64 and float64, boolean and
    /// date cells need the right JSON type, a date becomes an age (<c>&lt;invalid&gt;</c> when unparsable); anything else is null.
    /// </summary>
    public static JsonNode? CellFor(string type, JsonNode? value, DateTimeOffset now)
    {
        switch (type)
        {
            case "integer":
                if (TableJson.TryGetInteger(value, out var integer))
                {
                    return JsonValue.Create(integer);
                }

                return TableJson.TryGetDouble(value, out var truncated) ? JsonValue.Create((long)Math.Truncate(truncated)) : null;
            case "number":
                return TableJson.TryGetDouble(value, out var number) ? JsonValue.Create(number) : null;
            case "boolean":
                return value is JsonValue b && b.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
                    ? JsonValue.Create(b.GetValueKind() == System.Text.Json.JsonValueKind.True)
                    : null;
            case "string":
                return TableJson.AsString(value) is { } s ? JsonValue.Create(s) : null;
            case "date":
                var text = TableJson.AsString(value);
                if (text is null)
                {
                    return null;
                }

                if (text.Length == 0 || text == "null")
                {
                    return JsonValue.Create(KubeTime.Unknown);
                }

                if (!KubeTime.TryParse(text, out var timestamp))
                {
                    return JsonValue.Create("<invalid>");
                }

                return JsonValue.Create(KubeTime.IsZero(timestamp) ? KubeTime.Unknown : HumanDuration.Format(now - timestamp));
            default:
                return null;
        }
    }
}
