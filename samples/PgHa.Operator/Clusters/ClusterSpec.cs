using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s.Models;
using PgHa.Routing;

namespace PgHa.Operator.Clusters;

/// <summary>The part of Zalando's spec the operator reads.</summary>
/// <param name="TeamId">The owning team (labels the Services).</param>
/// <param name="NumberOfInstances">How many members the cluster should have.</param>
/// <param name="PostgresVersion">The PostgreSQL major version.</param>
/// <param name="VolumeSize">The data volume's size.</param>
internal sealed partial record ClusterSpec(string TeamId, int NumberOfInstances, string PostgresVersion, string VolumeSize)
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
        if (team is not null && (team.Length > 63 || !LabelValue().IsMatch(team)))
        {
            // The team labels the cluster's Services: a value Kubernetes would refuse there is refused here, by name.
            problems.Add($"spec.teamId: {Quote(team)} is not a label value (at most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit)");
            team = null;
        }

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

    /// <summary>
    /// The problems with a cluster's name, which names its master Service and, with <c>-repl</c>, its replica Service:
    /// a DNS-1035 label of at most 58 characters. A custom resource's name may be any DNS subdomain, so the API
    /// server lets others through.
    /// </summary>
    public static IReadOnlyList<string> NameProblems(string name) =>
        name.Length is > 0 and <= 58 && Dns1035Label().IsMatch(name)
            ? []
            : [$"metadata.name: {Quote(name)} cannot name the cluster's Services (a DNS-1035 label of at most 58 characters: lowercase letters, digits and '-', beginning with a letter, so that '<name>-repl' fits 63)"];

    /// <summary>The router settings for this cluster, as the reconciler uses them.</summary>
    public PrimaryRouterOptions RouterOptions(string @namespace, string name, OperatorOptions options, V1OwnerReference owner) => new()
    {
        ClusterName = name,
        Namespace = @namespace,
        Team = TeamId,
        Mode = options.RoutingMode,
        RoleLabel = options.RoleLabel,
        ServiceOwner = owner,
        ProvisionReplicaService = true,
    };

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

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(Text(value)))
        {
            problems.Add($"{path}: {Show(value)} is not a non-empty string");
            return null;
        }

        return Text(value);
    }

    // A string the server passed through with a lone surrogate escape ("\ud800") has no .NET string: it reads as none.
    private static string? Text(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string Show(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && Text(value) is { } text ? Quote(text) : Shorten(value.GetRawText().ToString(CultureInfo.InvariantCulture));

    // A huge value is shown by its start: the message goes into the status, which has to stay a small object.
    private static string Quote(string value) => "\"" + Shorten(value) + "\"";

    private static string Shorten(string value)
    {
        if (value.Length <= 100)
        {
            return value;
        }

        // Never cut a surrogate pair in two: half a character cannot be written as JSON.
        var end = char.IsHighSurrogate(value[99]) ? 99 : 100;
        return value[..end] + $"... ({value.Length} characters)";
    }

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Label();
}
