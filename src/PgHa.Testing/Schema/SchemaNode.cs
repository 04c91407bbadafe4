using System.Text.Json.Nodes;

namespace PgHa.Testing.Schema;

/// <summary>
/// One node of a structural schema: the shape of a built-in kind (generated from the KubernetesClient
/// model types) or of a custom resource (read from its CRD's <c>openAPIV3Schema</c>). The server uses it
/// for the OpenAPI documents it serves, for strict field validation, for pruning custom resources and
/// for the patch strategy of strategic merge patches.
/// </summary>
/// <remarks>
/// Nodes form a graph that may contain cycles (JSONSchemaProps refers to itself), so properties are
/// filled after construction by the builder that owns the node; once published it is not changed.
/// </remarks>
internal sealed class SchemaNode
{
    public SchemaNode(SchemaType type) => Type = type;

    /// <summary>The JSON type; <see cref="SchemaType.Any"/> accepts any value.</summary>
    public SchemaType Type { get; }

    /// <summary>OpenAPI format (<c>date-time</c>, <c>int32</c>, <c>int64</c>, <c>byte</c>, ...), if any.</summary>
    public string? Format { get; set; }

    public string? Description { get; set; }

    /// <summary>Named definition this node is published under (<c>$ref</c> target), or null when inline.</summary>
    public string? DefinitionName { get; set; }

    /// <summary>For top-level kinds: the group/version/kind this schema describes.</summary>
    public GroupVersionKind? GroupVersionKind { get; set; }

    /// <summary>Known properties of an object. Empty for maps and free-form objects.</summary>
    public Dictionary<string, SchemaNode> Properties { get; } = new(StringComparer.Ordinal);

    /// <summary>Required property names of an object.</summary>
    public List<string> Required { get; } = [];

    /// <summary>Element schema of an array.</summary>
    public SchemaNode? Items { get; set; }

    /// <summary>Value schema of a map (an object with arbitrary keys).</summary>
    public SchemaNode? AdditionalProperties { get; set; }

    /// <summary><c>x-kubernetes-preserve-unknown-fields</c>: unknown fields are kept and not reported.</summary>
    public bool PreserveUnknownFields { get; set; }

    /// <summary><c>x-kubernetes-embedded-resource</c>: an embedded object with apiVersion, kind and metadata.</summary>
    public bool EmbeddedResource { get; set; }

    /// <summary><c>nullable</c>: null is a valid value rather than "absent".</summary>
    public bool Nullable { get; set; }

    /// <summary>Allowed values, if restricted.</summary>
    public List<JsonNode?>? Enum { get; set; }

    /// <summary><c>x-kubernetes-patch-strategy</c>: <c>merge</c>, <c>replace</c>, <c>retainKeys</c> or <c>merge,retainKeys</c>.</summary>
    public string? PatchStrategy { get; set; }

    /// <summary><c>x-kubernetes-patch-merge-key</c>: the field that identifies list elements in a strategic merge.</summary>
    public string? PatchMergeKey { get; set; }

    /// <summary><c>x-kubernetes-list-type</c>: <c>atomic</c>, <c>set</c> or <c>map</c>.</summary>
    public string? ListType { get; set; }

    /// <summary><c>x-kubernetes-list-map-keys</c> for <c>map</c> lists.</summary>
    public List<string>? ListMapKeys { get; set; }

    /// <summary><c>x-kubernetes-map-type</c> (<c>atomic</c> or <c>granular</c>) of a struct or map, if declared.</summary>
    public string? MapType { get; set; }

    /// <summary><c>default</c>: the value a custom resource's absent field is defaulted to (applied by the decoder).</summary>
    public JsonNode? Default { get; set; }

    /// <summary><c>minimum</c> of a number or integer.</summary>
    public double? Minimum { get; set; }

    /// <summary><c>exclusiveMinimum</c>: <see cref="Minimum"/> itself is not allowed.</summary>
    public bool ExclusiveMinimum { get; set; }

    /// <summary><c>maximum</c> of a number or integer.</summary>
    public double? Maximum { get; set; }

    /// <summary><c>exclusiveMaximum</c>: <see cref="Maximum"/> itself is not allowed.</summary>
    public bool ExclusiveMaximum { get; set; }

    /// <summary><c>minLength</c> of a string, in characters.</summary>
    public long? MinLength { get; set; }

    /// <summary><c>maxLength</c> of a string, in characters.</summary>
    public long? MaxLength { get; set; }

    /// <summary><c>pattern</c> a string must match (ECMA-262 syntax as written in the CRD).</summary>
    public string? Pattern { get; set; }

    /// <summary><c>minItems</c> of an array.</summary>
    public long? MinItems { get; set; }

    /// <summary><c>maxItems</c> of an array.</summary>
    public long? MaxItems { get; set; }

    /// <summary><c>minProperties</c> of an object or map.</summary>
    public long? MinProperties { get; set; }

    /// <summary><c>maxProperties</c> of an object or map.</summary>
    public long? MaxProperties { get; set; }

    /// <summary>For built-in kinds: true when the Go field is a <c>metav1.MicroTime</c>, which only parses with six fractional digits.</summary>
    public bool MicroTime { get; set; }

    /// <summary>True when the node describes an object with named properties (not a map, not free-form).</summary>
    public bool IsStructuredObject => Type == SchemaType.Object && Properties.Count > 0;

    /// <summary>True when the patch strategy of a list or map includes <paramref name="strategy"/>.</summary>
    public bool HasPatchStrategy(string strategy)
    {
        if (PatchStrategy is null)
        {
            return false;
        }

        foreach (var part in PatchStrategy.Split(','))
        {
            if (string.Equals(part.Trim(), strategy, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
