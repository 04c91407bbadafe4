using System.Text.Json.Nodes;
using PgHa.Testing.Json;
using PgHa.Testing.Resources;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Api;

/// <summary>
/// Decodes a write's body against its resource's schema, as kube-apiserver's decoding does: unknown fields
/// pruned (and warned about, or refused under strict validation), wrong JSON types refused with Go's
/// messages, custom resources validated against their CRD schema.
/// </summary>
internal static class ObjectCodec
{
    /// <param name="type">The resource written.</param>
    /// <param name="body">The object to store; pruned in place.</param>
    /// <param name="validation">The request's <c>fieldValidation</c>.</param>
    /// <param name="warnings">Receives the <c>Warning</c> texts.</param>
    /// <param name="patched">True for the result of a JSON or merge patch, whose decoding errors kube reports as an invalid patch.</param>
    public static void Decode(ResourceType type, JsonObject body, FieldValidation validation, List<string> warnings, bool patched = false)
    {
        if (type.Schema is null)
        {
            return;
        }

        var result = ObjectDecoder.Decode(body, type.Schema, validation, type.IsCustom);
        switch (result.StatusCode)
        {
            case 400 when patched && result.PatchError(body.ToJsonString()) is { } cause:
                throw ApiException.InvalidPatch(type, cause);
            case 400:
                throw ApiException.BadRequest(result.BadRequestMessage!);
            case 422:
                throw ApiException.Invalid(type, body.Object("metadata").String("name") ?? string.Empty, result.FieldErrors);
        }

        warnings.AddRange(result.Warnings);
    }
}
