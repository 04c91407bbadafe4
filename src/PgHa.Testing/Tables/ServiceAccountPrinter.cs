using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>kube's <c>printServiceAccount</c>: NAME, SECRETS (number of secrets, an integer cell), AGE.</summary>
internal sealed class ServiceAccountPrinter : TablePrinter
{
    public static ServiceAccountPrinter Instance { get; } = new();

    public override IReadOnlyList<TableColumnDefinition> Columns { get; } =
    [
        NameColumn,
        new("Secrets", "string", Description: ColumnDescriptions.ServiceAccountSecrets),
        AgeColumn,
    ];

    public override void AddCells(JsonObject obj, DateTimeOffset now, JsonArray cells)
    {
        cells.Add(NameOf(obj));
        cells.Add((long)(TableJson.GetArray(obj, "secrets")?.Count ?? 0));
        cells.Add(AgeOf(obj, now));
    }
}
