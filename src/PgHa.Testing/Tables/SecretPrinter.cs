using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>kube's <c>printSecret</c>: NAME, TYPE, DATA (number of data keys, an integer cell), AGE.</summary>
internal sealed class SecretPrinter : TablePrinter
{
    public static SecretPrinter Instance { get; } = new();

    public override IReadOnlyList<TableColumnDefinition> Columns { get; } =
    [
        NameColumn,
        new("Type", "string", Description: ColumnDescriptions.SecretType),
        new("Data", "string", Description: ColumnDescriptions.SecretData),
        AgeColumn,
    ];

    public override void AddCells(JsonObject obj, DateTimeOffset now, JsonArray cells)
    {
        cells.Add(NameOf(obj));
        cells.Add(TableJson.GetStringOrEmpty(obj, "type"));
        cells.Add((long)TableJson.CountProperties(obj, "data"));
        cells.Add(AgeOf(obj, now));
    }
}
