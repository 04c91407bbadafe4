using System.Text.Json.Nodes;
using PgHa.Testing.Resources;

namespace PgHa.Testing.Tables;

/// <summary>
/// Builds the <c>meta.k8s.io</c> Table that kube-apiserver returns to <c>Accept: application/json;as=Table;...</c>
/// (what <c>kubectl get</c> prints): <c>asTable</c> in k8s.io/apiserver/pkg/endpoints/handlers/response.go over the
/// kind's table convertor. Pure: AGE columns count from the <c>now</c> it is given.
/// </summary>
internal static class TableConverter
{
    /// <summary>The ObjectMeta fields of a PartialObjectMetadata, in Go's field order (<c>meta.AsPartialObjectMetadata</c>).</summary>
    private static readonly string[] ObjectMetaFields =
    [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers",
        "managedFields",
    ];

    /// <summary>
    /// The Table for a list (or, with one object and its resourceVersion, a single GET): one row per object in order,
    /// <c>metadata</c> carrying <paramref name="listResourceVersion"/>, <paramref name="continueToken"/> and
    /// <paramref name="remainingItemCount"/> when set. Objects are not modified.
    /// </summary>
    public static JsonObject ToTable(
        ResourceType type,
        IReadOnlyList<JsonObject> objects,
        TableOptions options,
        DateTimeOffset now,
        string? listResourceVersion,
        string? continueToken,
        long? remainingItemCount = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ApiVersion is not (TableOptions.V1 or TableOptions.V1Beta1))
        {
            throw new ArgumentException("no Table exists in group version " + options.ApiVersion, nameof(options));
        }

        var printer = TablePrinters.For(type);
        var metadata = new JsonObject();
        if (!string.IsNullOrEmpty(listResourceVersion))
        {
            metadata["resourceVersion"] = listResourceVersion;
        }

        if (!string.IsNullOrEmpty(continueToken))
        {
            metadata["continue"] = continueToken;
        }

        if (remainingItemCount is { } remaining)
        {
            metadata["remainingItemCount"] = remaining;
        }

        JsonArray? columns = null;
        if (!options.NoHeaders)
        {
            columns = new JsonArray();
            foreach (var column in printer.Columns)
            {
                columns.Add(column.ToJson());
            }
        }

        // kube's default convertor leaves rows nil for an empty list, which Go encodes as null; the printers return [].
        JsonArray? rows = objects.Count == 0 && printer is DefaultTablePrinter ? null : new JsonArray();
        foreach (var obj in objects)
        {
            rows!.Add(Row(type, printer, obj, options, now));
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = options.ApiVersion,
            ["metadata"] = metadata,
            ["columnDefinitions"] = columns,
            ["rows"] = rows,
        };
    }

    /// <summary>The Table for a single GET: its <c>metadata.resourceVersion</c> is the object's own.</summary>
    public static JsonObject ToTable(ResourceType type, JsonObject obj, TableOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return ToTable(type, [obj], options, now, ResourceVersionOf(obj), continueToken: null);
    }

    /// <summary>
    /// The object of one watch event as kube encodes it for a Table watch: a one-row Table whose resourceVersion is the
    /// object's, with <c>columnDefinitions</c> only on the first event of the watch (<c>null</c> afterwards; kubectl keeps
    /// the columns it saw last). kube counts any first event, and does not convert <c>Status</c> objects of ERROR events.
    /// </summary>
    public static JsonObject ToWatchEventTable(ResourceType type, JsonObject obj, TableOptions options, DateTimeOffset now, bool isFirstEvent)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ToTable(type, obj, isFirstEvent ? options : options with { NoHeaders = true }, now);
    }

    private static JsonObject Row(ResourceType type, TablePrinter printer, JsonObject obj, TableOptions options, DateTimeOffset now)
    {
        var cells = new JsonArray();
        printer.AddCells(obj, now, cells);
        var row = new JsonObject { ["cells"] = cells };
        if (printer.RowConditions(obj) is { } conditions)
        {
            row["conditions"] = conditions;
        }

        row["object"] = options.IncludeObject switch
        {
            IncludeObjectPolicy.None => null,
            IncludeObjectPolicy.Object => FullObject(type, obj),
            _ => PartialObjectMetadata(obj, options.ApiVersion),
        };
        return row;
    }

    private static JsonObject FullObject(ResourceType type, JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();

        // kube converts the row object to the served version, which always sets its kind and apiVersion.
        copy["kind"] ??= type.Kind;
        copy["apiVersion"] ??= type.ApiVersion;
        return copy;
    }

    private static JsonObject PartialObjectMetadata(JsonObject obj, string apiVersion)
    {
        var source = TableJson.GetObject(obj, "metadata");
        var metadata = new JsonObject();
        foreach (var field in ObjectMetaFields)
        {
            if (source is not null && source.TryGetPropertyValue(field, out var value) && value is not null)
            {
                if (!IsOmittedEmpty(field, value))
                {
                    metadata[field] = value.DeepClone();
                }
            }
            else if (field == "creationTimestamp")
            {
                // metav1.Time is a struct, so omitempty never drops it: an unset timestamp is written as null.
                metadata[field] = null;
            }
        }

        return new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = apiVersion,
            ["metadata"] = metadata,
        };
    }

    /// <summary>Go's omitempty on ObjectMeta: "", 0 and empty maps or lists vanish; the pointer fields keep any value.</summary>
    private static bool IsOmittedEmpty(string field, JsonNode value) => value switch
    {
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        _ when field is "deletionTimestamp" or "deletionGracePeriodSeconds" => false,
        JsonValue v => TableJson.AsString(v) is "" || (TableJson.TryGetInteger(v, out var n) && n == 0),
        _ => false,
    };

    private static string? ResourceVersionOf(JsonObject obj) =>
        TableJson.GetString(TableJson.GetObject(obj, "metadata"), "resourceVersion");
}
