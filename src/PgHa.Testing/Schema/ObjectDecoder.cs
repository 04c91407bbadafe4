using System.Text.Json.Nodes;

namespace PgHa.Testing.Schema;

/// <summary>
/// Decodes a parsed request body against its kind's schema the way kube-apiserver does, in one walk
/// that changes the tree in place: prunes unknown fields, drops nulls the way decoding does, applies a
/// custom resource's defaults, and reports unknown fields, wrong JSON types and schema violations.
/// </summary>
/// <remarks>
/// <para>Built-in kinds follow Go's <c>encoding/json</c> into typed structs (sigs.k8s.io/json, case
/// sensitive): a wrong JSON type is one 400 <c>json: cannot unmarshal ...</c> (the first one met, or the
/// error of a custom decoder such as Quantity, IntOrString, Time); unknown fields are dropped and reported
/// in document order (at most 100); nulls leave the field unset.</para>
/// <para>Custom resources follow apiextensions-apiserver: <c>metadata</c> decodes as a Go ObjectMeta;
/// the rest is pruned by the structural schema (paths reported sorted, after metadata's), non-nullable
/// nulls without a default are dropped, defaults are applied, then the schema's type, enum, required,
/// bound, length, size and pattern rules give 422 field errors with kube-openapi's messages.</para>
/// <para>Nothing is allocated when the body is valid and complete.</para>
/// </remarks>
internal static class ObjectDecoder
{
    [ThreadStatic]
    private static DecodeWalker? t_walker;

    /// <summary>Decodes <paramref name="body"/> (changed in place) as an object of <paramref name="schema"/>'s kind.</summary>
    /// <param name="body">The request body, already parsed.</param>
    /// <param name="schema">The kind's top-level schema; its <see cref="SchemaNode.GroupVersionKind"/> names the kind in messages.</param>
    /// <param name="validation">The request's <c>fieldValidation</c>.</param>
    /// <param name="isCustomResource">True for kinds served from a CRD.</param>
    public static DecodeResult Decode(JsonObject body, SchemaNode schema, FieldValidation validation, bool isCustomResource)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(schema);
        var walker = t_walker ??= new DecodeWalker();
        try
        {
            return walker.Run(body, schema, validation, isCustomResource);
        }
        finally
        {
            walker.Reset();
        }
    }
}
