using System.Text.Json.Nodes;

namespace PgHa.Testing.Tables;

/// <summary>One <c>columnDefinitions</c> entry of a <c>meta.k8s.io</c> Table (<c>metav1.TableColumnDefinition</c>).</summary>
/// <param name="Name">Human-readable column name; kubectl upper-cases it for the header (<c>Cluster-IP</c> → <c>CLUSTER-IP</c>).</param>
/// <param name="Type">OpenAPI type of the cells: <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c> or <c>date</c>.</param>
/// <param name="Format">OpenAPI format; <c>name</c> marks the column holding the object name.</param>
/// <param name="Description">Human-readable description (kube uses the field's API documentation).</param>
/// <param name="Priority">0 for the default view; kubectl shows higher priorities only with <c>-o wide</c>.</param>
internal sealed record TableColumnDefinition(string Name, string Type, string Format = "", string Description = "", int Priority = 0)
{
    /// <summary>The wire form: every field present, as Go serializes the struct (no omitempty tags).</summary>
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["format"] = Format,
        ["description"] = Description,
        ["priority"] = Priority,
    };
}
