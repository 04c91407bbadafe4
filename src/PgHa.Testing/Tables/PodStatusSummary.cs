using System.Globalization;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>
/// The READY, STATUS and RESTARTS of a pod as kube's <c>printPod</c> (v1.32) reasons them out: the phase or status reason,
/// a scheduling gate, the first init container that has not finished, the last app container that is waiting or
/// terminated, and <c>Terminating</c> for a pod being deleted that has not reached a terminal phase.
/// </summary>
/// <param name="Reason">The STATUS text.</param>
/// <param name="ReadyContainers">Ready app containers plus started-and-ready sidecars.</param>
/// <param name="TotalContainers">App containers plus sidecars (init containers with <c>restartPolicy: Always</c>).</param>
/// <param name="Restarts">Restart count shown (init container restarts only while initializing).</param>
/// <param name="LastRestart">When the most recent counted restart ended, if any.</param>
internal readonly record struct PodStatusSummary(string Reason, int ReadyContainers, int TotalContainers, long Restarts, DateTimeOffset? LastRestart)
{
    private const string NodeUnreachablePodReason = "NodeLost";

    public static PodStatusSummary Of(JsonObject pod)
    {
        var spec = TableJson.GetObject(pod, "spec");
        var status = TableJson.GetObject(pod, "status");
        var phase = TableJson.GetStringOrEmpty(status, "phase");
        var statusReason = TableJson.GetStringOrEmpty(status, "reason");
        var reason = statusReason.Length > 0 ? statusReason : phase;

        foreach (var condition in TableJson.GetArray(status, "conditions") ?? [])
        {
            if (TableJson.GetString(condition as JsonObject, "type") == "PodScheduled" &&
                TableJson.GetString(condition as JsonObject, "reason") == "SchedulingGated")
            {
                reason = "SchedulingGated";
            }
        }

        var initContainers = TableJson.GetArray(spec, "initContainers") ?? [];
        var sidecars = new HashSet<string>(StringComparer.Ordinal);
        foreach (var container in initContainers)
        {
            if (TableJson.GetString(container as JsonObject, "restartPolicy") == "Always")
            {
                sidecars.Add(TableJson.GetStringOrEmpty(container as JsonObject, "name"));
            }
        }

        var total = (TableJson.GetArray(spec, "containers")?.Count ?? 0) + sidecars.Count;
        var ready = 0;
        long restarts = 0;
        long sidecarRestarts = 0;
        DateTimeOffset? lastRestart = null;
        DateTimeOffset? lastSidecarRestart = null;

        var initializing = false;
        var initStatuses = TableJson.GetArray(status, "initContainerStatuses") ?? [];
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i] as JsonObject;
            var isSidecar = sidecars.Contains(TableJson.GetStringOrEmpty(container, "name"));
            var count = TableJson.GetInt64(container, "restartCount");
            var finishedAt = LastFinishedAt(container);
            restarts += count;
            lastRestart = Later(lastRestart, finishedAt);
            if (isSidecar)
            {
                sidecarRestarts += count;
                lastSidecarRestart = Later(lastSidecarRestart, finishedAt);
            }

            var state = TableJson.GetObject(container, "state");
            var terminated = TableJson.GetObject(state, "terminated");
            var waiting = TableJson.GetObject(state, "waiting");
            if (terminated is not null && TableJson.GetInt64(terminated, "exitCode") == 0)
            {
                continue;
            }

            if (isSidecar && TableJson.GetBoolean(container, "started"))
            {
                if (TableJson.GetBoolean(container, "ready"))
                {
                    ready++;
                }

                continue;
            }

            if (terminated is not null)
            {
                // Initialization failed.
                reason = "Init:" + TerminatedText(terminated);
            }
            else if (waiting is not null && TableJson.GetStringOrEmpty(waiting, "reason") is { Length: > 0 } waitingReason &&
                     waitingReason != "PodInitializing")
            {
                reason = "Init:" + waitingReason;
            }
            else
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"Init:{i}/{initContainers.Count}");
            }

            initializing = true;
            break;
        }

        if (!initializing || HasCondition(status, "Initialized"))
        {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var hasRunning = false;
            var statuses = TableJson.GetArray(status, "containerStatuses") ?? [];
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i] as JsonObject;
                restarts += TableJson.GetInt64(container, "restartCount");
                lastRestart = Later(lastRestart, LastFinishedAt(container));

                var state = TableJson.GetObject(container, "state");
                var waiting = TableJson.GetObject(state, "waiting");
                var terminated = TableJson.GetObject(state, "terminated");
                if (waiting is not null && TableJson.GetStringOrEmpty(waiting, "reason").Length > 0)
                {
                    reason = TableJson.GetStringOrEmpty(waiting, "reason");
                }
                else if (terminated is not null)
                {
                    reason = TerminatedText(terminated);
                }
                else if (TableJson.GetBoolean(container, "ready") && TableJson.Has(state, "running"))
                {
                    hasRunning = true;
                    ready++;
                }
            }

            // A container still running turns a "Completed" pod back into Running (or NotReady).
            if (reason == "Completed" && hasRunning)
            {
                reason = HasCondition(status, "Ready") ? "Running" : "NotReady";
            }
        }

        var deleting = TableJson.Has(TableJson.GetObject(pod, "metadata"), "deletionTimestamp");
        if (deleting && statusReason == NodeUnreachablePodReason)
        {
            reason = "Unknown";
        }
        else if (deleting && phase is not ("Succeeded" or "Failed"))
        {
            reason = "Terminating";
        }

        return new PodStatusSummary(reason, ready, total, restarts, lastRestart);
    }

    /// <summary>A terminated state's reason, else <c>Signal:N</c> or <c>ExitCode:N</c>.</summary>
    private static string TerminatedText(JsonObject terminated)
    {
        var reason = TableJson.GetStringOrEmpty(terminated, "reason");
        if (reason.Length > 0)
        {
            return reason;
        }

        var signal = TableJson.GetInt64(terminated, "signal");
        return signal != 0
            ? string.Create(CultureInfo.InvariantCulture, $"Signal:{signal}")
            : string.Create(CultureInfo.InvariantCulture, $"ExitCode:{TableJson.GetInt64(terminated, "exitCode")}");
    }

    private static DateTimeOffset? LastFinishedAt(JsonObject? container) =>
        KubeTime.Read(TableJson.GetObject(TableJson.GetObject(container, "lastState"), "terminated"), "finishedAt");

    private static DateTimeOffset? Later(DateTimeOffset? current, DateTimeOffset? candidate) =>
        candidate is { } c && (current is null || current.Value < c) ? c : current;

    /// <summary>True when the pod has condition <paramref name="type"/> with status True (kube stops at the first of that type).</summary>
    private static bool HasCondition(JsonObject? status, string type)
    {
        foreach (var entry in TableJson.GetArray(status, "conditions") ?? [])
        {
            var condition = entry as JsonObject;
            if (TableJson.GetString(condition, "type") == type)
            {
                if (TableJson.GetString(condition, "status") == "True")
                {
                    return true;
                }

                if (type == "Initialized")
                {
                    return false;
                }
            }
        }

        return false;
    }
}
