using System.Globalization;
using System.Text.Json;

namespace PgHa.Operator.Clusters;

/// <summary>The part of Zalando's spec the operator reads.</summary>
/// <param name="TeamId">The owning team (labels the Services).</param>
/// <param name="NumberOfInstances">How many members the cluster should have.</param>
/// <param name="PostgresVersion">The PostgreSQL major version.</param>
/// <param name="VolumeSize">The data volume's size.</param>
internal sealed record ClusterSpec(string TeamId, int NumberOfInstances, string PostgresVersion, string VolumeSize)
{
    /// <summary>Reads a spec; the problems name each bad field, and the spec is null when there are any.</summary>
    public static (ClusterSpec? Spec, IReadOnlyList<string> Problems) Parse(JsonElement? spec)
    {
        if (spec is not { ValueKind: JsonValueKind.Object } root)
        {
            return (null, ["spec: missing or not an object"]);
        }

        var problems = new List<string>();
        var team = RequiredString(root, "teamId", "spec.teamId", problems);
        var instances = 0;
        if (!root.TryGetProperty("numberOfInstances", out var count))
        {
            problems.Add("spec.numberOfInstances: required");
        }
        else if (count.ValueKind != JsonValueKind.Number || !count.TryGetInt32(out instances))
        {
            problems.Add($"spec.numberOfInstances: {Show(count)} is not an integer");
        }
        else if (instances < 1)
        {
            problems.Add($"spec.numberOfInstances: {instances} must be at least 1");
        }

        var version = Nested(root, "postgresql", "version", problems);
        var size = Nested(root, "volume", "size", problems);
        return problems.Count == 0 ? (new ClusterSpec(team!, instances, version!, size!), problems) : (null, problems);
    }

    private static string? Nested(JsonElement root, string parent, string field, List<string> problems)
    {
        if (!root.TryGetProperty(parent, out var section) || section.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"spec.{parent}: required object");
            return null;
        }

        return RequiredString(section, field, $"spec.{parent}.{field}", problems);
    }

    private static string? RequiredString(JsonElement parent, string field, string path, List<string> problems)
    {
        if (!parent.TryGetProperty(field, out var value))
        {
            problems.Add($"{path}: required");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            problems.Add($"{path}: {Show(value)} is not a non-empty string");
            return null;
        }

        return value.GetString();
    }

    private static string Show(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? "\"" + value.GetString() + "\"" : value.GetRawText().ToString(CultureInfo.InvariantCulture);
}
