using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PgHa.Operator.Clusters;

/// <summary>One entry of <c>status.conditions</c>, as Kubernetes' metav1.Condition.</summary>
internal sealed record StatusCondition(string Type, string Status, string Reason, string Message, DateTimeOffset? LastTransitionTime, long? ObservedGeneration);

/// <summary>
/// The status the operator writes on a <c>postgresql</c>. Two statuses that differ only in their timestamps are the
/// same (<see cref="SameAs"/>), so an unchanged cluster costs no write.
/// </summary>
internal sealed record ClusterStatus(
    string? PostgresClusterStatus,
    string? Leader,
    long? Term,
    DateTimeOffset? LastTransitionTime,
    long? ObservedGeneration,
    IReadOnlyList<StatusCondition> Conditions)
{
    public const string RouteReady = "RouteReady";

    public static ClusterStatus Empty { get; } = new(null, null, null, null, null, []);

    /// <summary>The condition of <paramref name="type"/>, or null.</summary>
    public StatusCondition? Condition(string type) => Conditions.FirstOrDefault(c => c.Type == type);

    /// <summary>True when both say the same, timestamps aside.</summary>
    public bool SameAs(ClusterStatus other) =>
        PostgresClusterStatus == other.PostgresClusterStatus && (Leader ?? string.Empty) == (other.Leader ?? string.Empty) &&
        Term == other.Term && ObservedGeneration == other.ObservedGeneration && Conditions.Count == other.Conditions.Count &&
        Conditions.All(c => other.Condition(c.Type) is { } o && o.Status == c.Status && o.Reason == c.Reason && o.Message == c.Message &&
            o.ObservedGeneration == c.ObservedGeneration);

    /// <summary>Reads <c>status</c> as stored; fields that cannot be read are left out.</summary>
    public static ClusterStatus Read(JsonElement? status)
    {
        if (status is not { ValueKind: JsonValueKind.Object } root)
        {
            return Empty;
        }

        var conditions = new List<StatusCondition>();
        if (root.TryGetProperty("conditions", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var c in list.EnumerateArray())
            {
                if (c.ValueKind == JsonValueKind.Object && String(c, "type") is { } type)
                {
                    conditions.Add(new StatusCondition(type, String(c, "status") ?? "Unknown", String(c, "reason") ?? string.Empty,
                        String(c, "message") ?? string.Empty, Time(c, "lastTransitionTime"), Long(c, "observedGeneration")));
                }
            }
        }

        return new ClusterStatus(String(root, "PostgresClusterStatus"), String(root, "leader"), Long(root, "term"),
            Time(root, "lastTransitionTime"), Long(root, "observedGeneration"), conditions);
    }

    /// <summary>The merge patch that writes this status: <c>{"status": {...}}</c>; the conditions list is replaced whole.</summary>
    public string ToMergePatch()
    {
        var conditions = new JsonArray();
        foreach (var c in Conditions)
        {
            var node = new JsonObject
            {
                ["type"] = c.Type,
                ["status"] = c.Status,
                ["reason"] = c.Reason,
                ["message"] = c.Message,
            };
            if (c.LastTransitionTime is { } at)
            {
                node["lastTransitionTime"] = FormatTime(at);
            }

            if (c.ObservedGeneration is { } generation)
            {
                node["observedGeneration"] = generation;
            }

            conditions.Add(node);
        }

        var status = new JsonObject
        {
            [nameof(PostgresClusterStatus)] = PostgresClusterStatus,
            ["leader"] = Leader ?? string.Empty,
            ["term"] = Term,
            ["lastTransitionTime"] = LastTransitionTime is { } t ? FormatTime(t) : null,
            ["observedGeneration"] = ObservedGeneration,
            ["conditions"] = conditions,
        };
        return new JsonObject { ["status"] = status }.ToJsonString();
    }

    // metav1.Time: RFC 3339 in UTC, whole seconds.
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? String(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Long(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    private static DateTimeOffset? Time(JsonElement parent, string name) =>
        String(parent, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
