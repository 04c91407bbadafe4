using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>kube's <c>printLease</c>: NAME, HOLDER (spec.holderIdentity, "" when unset), AGE.</summary>
internal sealed class LeasePrinter : TablePrinter
{
    public static LeasePrinter Instance { get; } = new();

    public override IReadOnlyList<TableColumnDefinition> Columns { get; } =
    [
        NameColumn,
        new("Holder", "string", Description: ColumnDescriptions.LeaseHolderIdentity),
        AgeColumn,
    ];

    public override void AddCells(JsonObject obj, DateTimeOffset now, JsonArray cells)
    {
        cells.Add(NameOf(obj));
        cells.Add(TableJson.GetStringOrEmpty(TableJson.GetObject(obj, "spec"), "holderIdentity"));
        cells.Add(AgeOf(obj, now));
    }
}
