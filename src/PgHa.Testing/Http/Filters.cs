using System.Text.Json;
using System.Text.Json.Nodes;
using PgHa.Testing.Api;
using PgHa.Testing.Json;
using PgHa.Testing.Resources;
using PgHa.Testing.Selectors;
using PgHa.Testing.Storage;

namespace PgHa.Testing.Http;

/// <summary>Turns a request's namespace, <c>labelSelector</c> and <c>fieldSelector</c> into a store filter, with kube's 400s for bad or unsupported selectors.</summary>
internal static class Filters
{
    public static ObjectFilter Build(ResourceType type, string? @namespace, string? labelSelector, string? fieldSelector)
    {
        LabelSelector labels;
        FieldSelector fields;
        try
        {
            labels = LabelSelector.Parse(labelSelector);
            fields = FieldSelector.Parse(fieldSelector);
        }
        catch (SelectorParseException e)
        {
            throw ApiException.BadRequest(e.Message);
        }

        var unsupported = fields.FindUnsupportedField(f => f is "metadata.name" or "metadata.namespace" || Translate(type, f) is { } t && type.SelectableFields.Contains(t));
        if (unsupported is not null)
        {
            throw ApiException.BadRequest(type.SelectableFields.Count == 0 && !type.IsCustom
                ? FieldSelector.NotKnownFieldSelectorMessage(unsupported)
                : FieldSelector.FieldLabelNotSupportedMessage(unsupported));
        }

        Func<StoredObject, bool>? predicate = null;
        if (!labels.IsEmpty && !fields.IsEmpty)
        {
            predicate = o => labels.Matches(o.Labels) && fields.Matches(f => FieldValue(type, o, f));
        }
        else if (!labels.IsEmpty)
        {
            predicate = o => labels.Matches(o.Labels);
        }
        else if (!fields.IsEmpty)
        {
            predicate = o => fields.Matches(f => FieldValue(type, o, f));
        }

        return new ObjectFilter(type.Namespaced ? @namespace : null, predicate);
    }

    // kube's pod field label conversion accepts the old name spec.host for spec.nodeName.
    private static string Translate(ResourceType type, string field) =>
        type == BuiltInResources.Pods && field == "spec.host" ? "spec.nodeName" : field;

    private static string? FieldValue(ResourceType type, StoredObject obj, string field)
    {
        field = Translate(type, field);
        switch (field)
        {
            case "metadata.name":
                return obj.Name;
            case "metadata.namespace":
                return obj.Namespace ?? string.Empty;
            case "source" when type == BuiltInResources.Events:
                return obj.Object.Object("source").String("component") ?? string.Empty;
            case "spec.hostNetwork" when type == BuiltInResources.Pods:
                return obj.Object.Object("spec").Boolean("hostNetwork") == true ? "true" : "false";
        }

        JsonNode? node = obj.Object;
        foreach (var part in field.Split('.'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child : null;
            if (node is null)
            {
                return string.Empty;
            }
        }

        return node is JsonValue value ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.ToJsonString(),
            _ => string.Empty,
        } : string.Empty;
    }
}
