using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PgHa.Testing.Go;

namespace PgHa.Testing.Validation;

/// <summary>
/// Kube's <c>ValidateObjectMetaAccessor</c> for the parts of <c>metadata</c> that are names and labels:
/// generateName, name, namespace, generation, labels, annotations and finalizers, in kube's order.
/// </summary>
/// <remarks>
/// Kube runs it twice on create: inside the kind's own validation with the kind's name rule, then (if that
/// passed) once more with <see cref="NameRule.PathSegment"/>. Owner references and managed fields are not
/// checked here. Values of the wrong JSON type are skipped: the schema check rejects them first.
/// </remarks>
internal static class ObjectMetaValidation
{
    private const string OrphanFinalizer = "orphan";
    private const string ForegroundDeletionFinalizer = "foregroundDeletion";

    /// <param name="metadata">The object's <c>metadata</c>, or null.</param>
    /// <param name="requiresNamespace">True for namespaced kinds.</param>
    /// <param name="rule">The kind's name rule.</param>
    public static IReadOnlyList<FieldError> Validate(JsonObject? metadata, bool requiresNamespace, NameRule rule)
    {
        var errors = new List<FieldError>();
        var generateName = GetString(metadata, "generateName");
        if (generateName.Length != 0)
        {
            foreach (var message in NameValidation.ValidateName(generateName, rule, prefix: true))
            {
                errors.Add(FieldError.Invalid("metadata.generateName", generateName, message));
            }
        }

        var name = GetString(metadata, "name");
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }
        else
        {
            foreach (var message in NameValidation.ValidateName(name, rule, prefix: false))
            {
                errors.Add(FieldError.Invalid("metadata.name", name, message));
            }
        }

        var ns = GetString(metadata, "namespace");
        if (requiresNamespace)
        {
            if (ns.Length == 0)
            {
                errors.Add(FieldError.Required("metadata.namespace", ""));
            }
            else
            {
                foreach (var message in NameValidation.ValidateName(ns, NameRule.Dns1123Label, prefix: false))
                {
                    errors.Add(FieldError.Invalid("metadata.namespace", ns, message));
                }
            }
        }
        else if (ns.Length != 0)
        {
            errors.Add(FieldError.Forbidden("metadata.namespace", "not allowed on this type"));
        }

        if (metadata?["generation"] is JsonValue generation && generation.GetValueKind() == JsonValueKind.Number
            && generation.TryGetValue<long>(out var value) && value < 0)
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, "metadata.generation",
                value.ToString(CultureInfo.InvariantCulture), "must be greater than or equal to 0"));
        }

        errors.AddRange(LabelValidation.ValidateLabels(metadata?["labels"] as JsonObject, "metadata.labels"));
        errors.AddRange(LabelValidation.ValidateAnnotations(metadata?["annotations"] as JsonObject, "metadata.annotations"));
        errors.AddRange(ValidateFinalizers(metadata?["finalizers"] as JsonArray, "metadata.finalizers"));
        return errors;
    }

    /// <summary>Kube's <c>ValidateFinalizers</c>: qualified names, and not both <c>orphan</c> and <c>foregroundDeletion</c>.</summary>
    public static IReadOnlyList<FieldError> ValidateFinalizers(JsonArray? finalizers, string fieldPath)
    {
        ArgumentNullException.ThrowIfNull(fieldPath);
        if (finalizers is null || finalizers.Count == 0)
        {
            return [];
        }

        var errors = new List<FieldError>();
        var orphan = false;
        var foreground = false;
        foreach (var node in finalizers)
        {
            if (node is null || node.GetValueKind() != JsonValueKind.String)
            {
                continue;
            }

            var finalizer = node.GetValue<string>();
            foreach (var message in LabelValidation.IsQualifiedName(finalizer))
            {
                errors.Add(FieldError.Invalid(fieldPath, finalizer, message));
            }

            orphan |= finalizer == OrphanFinalizer;
            foreground |= finalizer == ForegroundDeletionFinalizer;
        }

        if (orphan && foreground)
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, fieldPath, GoStringSlice(finalizers),
                "finalizer " + OrphanFinalizer + " and " + ForegroundDeletionFinalizer + " cannot be both set"));
        }

        return errors;
    }

    // Go's %#v of a []string, which kube prints as the bad value of a list.
    private static string GoStringSlice(JsonArray values)
    {
        var builder = new StringBuilder("[]string{");
        var first = true;
        foreach (var node in values)
        {
            if (!first)
            {
                builder.Append(", ");
            }

            first = false;
            GoStrings.AppendQuoted(builder, node is not null && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : "");
        }

        return builder.Append('}').ToString();
    }

    private static string GetString(JsonObject? metadata, string property) =>
        metadata is not null && metadata.TryGetPropertyValue(property, out var node) && node is not null
            && node.GetValueKind() == JsonValueKind.String
            ? node.GetValue<string>()
            : "";
}
