using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>
/// Produces the columns and the cells of one kind's rows, as one of kube's print handlers does
/// (<c>pkg/printers/internalversion/printers.go</c>); kube-apiserver always asks its printers for the wide view.
/// </summary>
internal abstract class TablePrinter
{
    /// <summary>The first column of nearly every kind: the object name.</summary>
    protected static readonly TableColumnDefinition NameColumn = new("Name", "string", "name", ColumnDescriptions.Name);

    /// <summary>The AGE column of kube's printers: text, not a date (the date type is for "Created At" and CRD columns).</summary>
    protected static readonly TableColumnDefinition AgeColumn = new("Age", "string", Description: ColumnDescriptions.CreationTimestamp);

    /// <summary>All columns, wide ones included (priority 1); rows carry a cell for every one of them.</summary>
    public abstract IReadOnlyList<TableColumnDefinition> Columns { get; }

    /// <summary>Appends one cell per column for <paramref name="obj"/>; <paramref name="now"/> is the clock AGE columns count from.</summary>
    public abstract void AddCells(JsonObject obj, DateTimeOffset now, JsonArray cells);

    /// <summary>The row's <c>conditions</c> (only pods have any), or null for none.</summary>
    public virtual JsonArray? RowConditions(JsonObject obj) => null;

    /// <summary>How many entries kube's list cells (endpoints, ports) show before summarising the rest.</summary>
    protected const int MaxListed = 3;

    /// <summary>
    /// kube's list cells: the shown entries comma-joined, then <c>" + N more..."</c> when <paramref name="count"/> entries
    /// existed but only <see cref="MaxListed"/> were shown.
    /// </summary>
    protected static string JoinListed(List<string> shown, int count)
    {
        var joined = string.Join(',', shown);
        return count > MaxListed
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{joined} + {count - MaxListed} more...")
            : joined;
    }

    /// <summary>metadata.name, or "" as Go's accessor returns for a missing name.</summary>
    protected static string NameOf(JsonObject obj) => TableJson.GetStringOrEmpty(TableJson.GetObject(obj, "metadata"), "name");

    /// <summary>The AGE cell: <c>translateTimestampSince(metadata.creationTimestamp)</c>.</summary>
    protected static string AgeOf(JsonObject obj, DateTimeOffset now) =>
        KubeTime.Since(KubeTime.Read(TableJson.GetObject(obj, "metadata"), "creationTimestamp"), now);
}
