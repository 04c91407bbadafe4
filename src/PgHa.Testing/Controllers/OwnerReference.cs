using System.Text.Json.Nodes;
using PgHa.Testing.Json;

namespace PgHa.Testing.Controllers;

/// <summary>One entry of <c>metadata.ownerReferences</c>.</summary>
internal sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid, bool BlockOwnerDeletion)
{
    public static List<OwnerReference> Read(JsonObject? metadata)
    {
        var result = new List<OwnerReference>();
        foreach (var node in metadata.Array("ownerReferences") ?? [])
        {
            if (node is JsonObject o && o.String("uid") is { Length: > 0 } uid)
            {
                result.Add(new OwnerReference(o.String("apiVersion") ?? string.Empty, o.String("kind") ?? string.Empty,
                    o.String("name") ?? string.Empty, uid, o.Boolean("blockOwnerDeletion") == true));
            }
        }

        return result;
    }

    /// <summary>A controller reference (<c>controller: true</c>, <c>blockOwnerDeletion: true</c>) as kube's controllers write it.</summary>
    public static JsonObject Controller(string apiVersion, string kind, string name, string uid) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["name"] = name,
        ["uid"] = uid,
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };
}
