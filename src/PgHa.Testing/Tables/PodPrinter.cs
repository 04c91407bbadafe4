using System.Globalization;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>
/// kube's <c>printPod</c> (v1.32): NAME, READY, STATUS, RESTARTS, AGE and (wide) IP, NODE, NOMINATED NODE, READINESS GATES,
/// with kube's status reasoning over the phase, init and app container states and the deletion timestamp.
/// </summary>
internal sealed class PodPrinter : TablePrinter
{
    public static PodPrinter Instance { get; } = new();

    public override IReadOnlyList<TableColumnDefinition> Columns { get; } =
    [
        NameColumn,
        new("Ready", "string", Description: ColumnDescriptions.PodReady),
        new("Status", "string", Description: ColumnDescriptions.PodStatus),
        new("Restarts", "string", Description: ColumnDescriptions.PodRestarts),
        AgeColumn,
        new("IP", "string", Description: ColumnDescriptions.PodIP, Priority: 1),
        new("Node", "string", Description: ColumnDescriptions.PodNodeName, Priority: 1),
        new("Nominated Node", "string", Description: ColumnDescriptions.PodNominatedNodeName, Priority: 1),
        new("Readiness Gates", "string", Description: ColumnDescriptions.PodReadinessGates, Priority: 1),
    ];

    public override void AddCells(JsonObject obj, DateTimeOffset now, JsonArray cells)
    {
        var spec = TableJson.GetObject(obj, "spec");
        var status = TableJson.GetObject(obj, "status");
        var summary = PodStatusSummary.Of(obj);

        var restarts = summary.Restarts.ToString(CultureInfo.InvariantCulture);
        if (summary.Restarts != 0 && summary.LastRestart is { } lastRestart)
        {
            restarts = string.Create(CultureInfo.InvariantCulture, $"{summary.Restarts} ({KubeTime.Since(lastRestart, now)} ago)");
        }

        cells.Add(NameOf(obj));
        cells.Add(string.Create(CultureInfo.InvariantCulture, $"{summary.ReadyContainers}/{summary.TotalContainers}"));
        cells.Add(summary.Reason);
        cells.Add(restarts);
        cells.Add(AgeOf(obj, now));

        cells.Add(NoneIfEmpty(PodIPOf(status)));
        cells.Add(NoneIfEmpty(TableJson.GetStringOrEmpty(spec, "nodeName")));
        cells.Add(NoneIfEmpty(TableJson.GetStringOrEmpty(status, "nominatedNodeName")));
        cells.Add(ReadinessGates(spec, status));
    }

    public override JsonArray? RowConditions(JsonObject obj)
    {
        // kube marks finished pods so clients may de-emphasise them.
        var phase = TableJson.GetString(TableJson.GetObject(obj, "status"), "phase");
        var message = phase switch
        {
            "Succeeded" => "The pod has completed successfully.",
            "Failed" => "The pod failed.",
            _ => null,
        };
        return message is null
            ? null
            : [new JsonObject { ["type"] = "Completed", ["status"] = "True", ["reason"] = phase, ["message"] = message }];
    }

    private static string PodIPOf(JsonObject? status)
    {
        // kube prints podIPs[0].ip; the kubelet always sets podIPs with podIP, a pod written by hand may carry only podIP.
        var podIPs = TableJson.GetArray(status, "podIPs");
        if (podIPs is { Count: > 0 })
        {
            return TableJson.GetStringOrEmpty(podIPs[0] as JsonObject, "ip");
        }

        return TableJson.GetStringOrEmpty(status, "podIP");
    }

    private static string ReadinessGates(JsonObject? spec, JsonObject? status)
    {
        var gates = TableJson.GetArray(spec, "readinessGates");
        if (gates is null || gates.Count == 0)
        {
            return "<none>";
        }

        var conditions = TableJson.GetArray(status, "conditions") ?? [];
        var trueConditions = 0;
        foreach (var gate in gates)
        {
            var conditionType = TableJson.GetStringOrEmpty(gate as JsonObject, "conditionType");
            foreach (var entry in conditions)
            {
                var condition = entry as JsonObject;
                if (TableJson.GetStringOrEmpty(condition, "type") == conditionType)
                {
                    if (TableJson.GetString(condition, "status") == "True")
                    {
                        trueConditions++;
                    }

                    break;
                }
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{trueConditions}/{gates.Count}");
    }

    private static string NoneIfEmpty(string value) => value.Length == 0 ? "<none>" : value;
}
