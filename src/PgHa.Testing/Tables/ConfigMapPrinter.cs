using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>kube's <c>printConfigMap</c>: NAME, DATA (number of data and binaryData keys, an integer cell), AGE.</summary>
internal sealed class ConfigMapPrinter : TablePrinter
{
    public static ConfigMapPrinter Instance { get; } = new();

    public override IReadOnlyList<TableColumnDefinition> Columns { get; } =
    [
        NameColumn,
        new("Data", "string", Description: ColumnDescriptions.ConfigMapData),
        AgeColumn,
    ];

    public override void AddCells(JsonObject obj, DateTimeOffset now, JsonArray cells)
    {
        cells.Add(NameOf(obj));
        cells.Add((long)(TableJson.CountProperties(obj, "data") + TableJson.CountProperties(obj, "binaryData")));
        cells.Add(AgeOf(obj, now));
    }
}
