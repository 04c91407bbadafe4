using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>
/// kube's <c>printEvent</c>: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE and (wide) SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME.
/// kube prints both event APIs from the same internal type, so one instance reads core/v1 field names and the other the
/// events.k8s.io/v1 names they convert from (<c>regarding</c>, <c>note</c>, <c>deprecatedLastTimestamp</c>, ...).
/// </summary>
internal sealed class EventPrinter : TablePrinter
{
    private readonly bool _eventsApi;

    private EventPrinter(bool eventsApi) => _eventsApi = eventsApi;

    /// <summary>For core/v1 Events.</summary>
    public static EventPrinter Core { get; } = new(eventsApi: false);

    /// <summary>For events.k8s.io/v1 Events.</summary>
    public static EventPrinter EventsApi { get; } = new(eventsApi: true);

    public override IReadOnlyList<TableColumnDefinition> Columns { get; } =
    [
        new("Last Seen", "string", Description: ColumnDescriptions.EventLastTimestamp),
        new("Type", "string", Description: ColumnDescriptions.EventType),
        new("Reason", "string", Description: ColumnDescriptions.EventReason),
        new("Object", "string", Description: ColumnDescriptions.EventInvolvedObject),
        new("Subobject", "string", Description: ColumnDescriptions.EventFieldPath, Priority: 1),
        new("Source", "string", Description: ColumnDescriptions.EventSource, Priority: 1),
        new("Message", "string", Description: ColumnDescriptions.EventMessage),
        new("First Seen", "string", Description: ColumnDescriptions.EventFirstTimestamp, Priority: 1),
        new("Count", "string", Description: ColumnDescriptions.EventCount, Priority: 1),
        new("Name", "string", "name", ColumnDescriptions.Name, Priority: 1),
    ];

    public override void AddCells(JsonObject obj, DateTimeOffset now, JsonArray cells)
    {
        var firstTimestamp = KubeTime.Read(obj, Field("firstTimestamp", "deprecatedFirstTimestamp"));
        var firstSeen = firstTimestamp is null ? KubeTime.Since(KubeTime.Read(obj, "eventTime"), now) : KubeTime.Since(firstTimestamp, now);

        var lastTimestamp = KubeTime.Read(obj, Field("lastTimestamp", "deprecatedLastTimestamp"));
        var lastSeen = lastTimestamp is null ? firstSeen : KubeTime.Since(lastTimestamp, now);

        var count = TableJson.GetInt64(obj, Field("count", "deprecatedCount"));
        var series = TableJson.GetObject(obj, "series");
        if (series is not null)
        {
            lastSeen = KubeTime.Since(KubeTime.Read(series, "lastObservedTime"), now);
            count = TableJson.GetInt64(series, "count");
        }
        else if (count == 0)
        {
            // Singleton events of the new API carry no count.
            count = 1;
        }

        var involved = TableJson.GetObject(obj, Field("involvedObject", "regarding"));
        var kind = TableJson.GetStringOrEmpty(involved, "kind").ToLowerInvariant();
        var involvedName = TableJson.GetStringOrEmpty(involved, "name");
        var target = involvedName.Length > 0 ? kind + "/" + involvedName : kind;

        cells.Add(lastSeen);
        cells.Add(TableJson.GetStringOrEmpty(obj, "type"));
        cells.Add(TableJson.GetStringOrEmpty(obj, "reason"));
        cells.Add(target);
        cells.Add(TableJson.GetStringOrEmpty(involved, "fieldPath"));
        cells.Add(Source(obj));
        cells.Add(TableJson.GetStringOrEmpty(obj, Field("message", "note")).Trim());
        cells.Add(firstSeen);
        cells.Add(count);
        cells.Add(NameOf(obj));
    }

    /// <summary>kube's <c>formatEventSource</c>: "component, host", falling back to the reporting controller and instance.</summary>
    private string Source(JsonObject obj)
    {
        var source = TableJson.GetObject(obj, Field("source", "deprecatedSource"));

        // core/v1 serializes the internal ReportingController as "reportingComponent".
        var component = FirstNonEmpty(TableJson.GetStringOrEmpty(source, "component"), TableJson.GetStringOrEmpty(obj, Field("reportingComponent", "reportingController")));
        var instance = FirstNonEmpty(TableJson.GetStringOrEmpty(source, "host"), TableJson.GetStringOrEmpty(obj, "reportingInstance"));
        return instance.Length == 0 ? component : component + ", " + instance;
    }

    private string Field(string core, string eventsApi) => _eventsApi ? eventsApi : core;

    private static string FirstNonEmpty(string first, string second) => first.Length > 0 ? first : second;
}
