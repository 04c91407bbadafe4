using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>kube's <c>printNamespace</c>: NAME, STATUS (status.phase), AGE.</summary>
internal sealed class NamespacePrinter : TablePrinter
{
    public static NamespacePrinter Instance { get; } = new();

    public override IReadOnlyList<TableColumnDefinition> Columns { get; } =
    [
        NameColumn,
        new("Status", "string", Description: ColumnDescriptions.NamespaceStatus),
        AgeColumn,
    ];

    public override void AddCells(JsonObject obj, DateTimeOffset now, JsonArray cells)
    {
        cells.Add(NameOf(obj));
        cells.Add(TableJson.GetStringOrEmpty(TableJson.GetObject(obj, "status"), "phase"));
        cells.Add(AgeOf(obj, now));
    }
}
