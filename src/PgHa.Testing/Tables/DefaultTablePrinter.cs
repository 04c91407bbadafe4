using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>
/// kube's default table convertor (<c>k8s.io/apiserver/pkg/registry/rest/table.go</c>) for kinds without a printer, such as
/// customresourcedefinitions in v1.32: NAME and CREATED AT, the latter a <c>date</c> column whose cell is the RFC 3339
/// timestamp (kubectl prints it as is).
/// </summary>
internal sealed class DefaultTablePrinter : TablePrinter
{
    public static DefaultTablePrinter Instance { get; } = new();

    public override IReadOnlyList<TableColumnDefinition> Columns { get; } =
    [
        NameColumn,
        new("Created At", "date", Description: ColumnDescriptions.CreationTimestamp),
    ];

    public override void AddCells(JsonObject obj, DateTimeOffset now, JsonArray cells)
    {
        cells.Add(NameOf(obj));
        cells.Add(KubeTime.FormatRfc3339(KubeTime.Read(TableJson.GetObject(obj, "metadata"), "creationTimestamp")));
    }
}
