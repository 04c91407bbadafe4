using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace PgHa.Operator.Clusters;

/// <summary>
/// A <c>postgresql</c> (acid.zalan.do/v1) object as the API serves it. Spec and status stay JSON so that a malformed
/// spec (e.g. <c>numberOfInstances: "x"</c> on a server that lets it through) is read and reported, never thrown on.
/// </summary>
internal sealed class PostgresqlResource : IKubernetesObject<V1ObjectMeta>
{
    public const string Group = "acid.zalan.do";
    public const string Version = "v1";
    public const string Plural = "postgresqls";
    public const string KindName = "postgresql";
    public const string GroupVersion = Group + "/" + Version;

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = GroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public JsonElement? Spec { get; set; }

    [JsonPropertyName("status")]
    public JsonElement? Status { get; set; }

    /// <summary>Reads an object the custom-objects API returned (a <see cref="JsonElement"/>) or a JSON text.</summary>
    public static PostgresqlResource? From(object? value) => value switch
    {
        null => null,
        PostgresqlResource resource => resource,
        JsonElement { ValueKind: JsonValueKind.Object } element => KubernetesJson.Deserialize<PostgresqlResource>(element.GetRawText()),
        string text => KubernetesJson.Deserialize<PostgresqlResource>(text),
        _ => KubernetesJson.Deserialize<PostgresqlResource>(KubernetesJson.Serialize(value)),
    };

    /// <summary>Reads a list the custom-objects API returned: the items and the list's resourceVersion.</summary>
    public static (IReadOnlyList<PostgresqlResource> Items, string? Version) ListFrom(object? value)
    {
        var json = value is JsonElement element ? element.GetRawText() : KubernetesJson.Serialize(value);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var version = root.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("resourceVersion", out var rv) ? rv.GetString() : null;
        var items = new List<PostgresqlResource>();
        if (root.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (From(item) is { } resource)
                {
                    items.Add(resource);
                }
            }
        }

        return (items, version);
    }

    /// <summary>The owner reference that makes the cluster's Services (and through them their routes) go with it.</summary>
    public V1OwnerReference OwnerReference() => new()
    {
        ApiVersion = GroupVersion,
        Kind = KindName,
        Name = Metadata.Name,
        Uid = Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
