using System.Text.Json;
using System.Text.Json.Nodes;

namespace PgHa.Testing.Validation;

/// <summary>
/// Kube's checks of label keys and values, annotation keys and sizes, and finalizer names
/// (k8s.io/apimachinery/pkg/util/validation and pkg/api/validation, Kubernetes v1.32).
/// </summary>
internal static class LabelValidation
{
    public const int QualifiedNameMaxLength = 63;
    public const int LabelValueMaxLength = 63;

    /// <summary>Kube's <c>TotalAnnotationSizeLimitB</c>: keys plus values, in bytes.</summary>
    public const int TotalAnnotationSizeLimitBytes = 256 * 1024;

    public const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    public const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";

    public const string QualifiedNameErrorMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    public const string LabelValueErrorMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    /// <summary>
    /// Kube's <c>IsQualifiedName</c>: label keys, annotation keys (lower-cased first) and finalizer names;
    /// a name part with an optional DNS-subdomain prefix and <c>/</c>.
    /// </summary>
    public static IReadOnlyList<string> IsQualifiedName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        List<string>? errors = null;
        string name;
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            name = value;
        }
        else if (value.IndexOf('/', slash + 1) < 0)
        {
            var prefix = value[..slash];
            name = value[(slash + 1)..];
            if (prefix.Length == 0)
            {
                NameValidation.Add(ref errors, "prefix part " + NameValidation.EmptyError());
            }
            else
            {
                foreach (var message in NameValidation.IsDns1123Subdomain(prefix))
                {
                    NameValidation.Add(ref errors, "prefix part " + message);
                }
            }
        }
        else
        {
            return
            [
                "a qualified name " + NameValidation.RegexError(QualifiedNameErrorMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc")
                + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
            ];
        }

        if (name.Length == 0)
        {
            NameValidation.Add(ref errors, "name part " + NameValidation.EmptyError());
        }
        else if (NameValidation.ByteLength(name) > QualifiedNameMaxLength)
        {
            NameValidation.Add(ref errors, "name part " + NameValidation.MaxLengthError(QualifiedNameMaxLength));
        }

        // Not an else: kube reports an empty name part twice (empty, and not matching).
        if (!MatchesQualifiedNamePart(name))
        {
            NameValidation.Add(ref errors, "name part " + NameValidation.RegexError(QualifiedNameErrorMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc"));
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Kube's <c>IsValidLabelValue</c>: empty, or at most 63 characters of the qualified-name alphabet.</summary>
    public static IReadOnlyList<string> IsValidLabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        List<string>? errors = null;
        if (NameValidation.ByteLength(value) > LabelValueMaxLength)
        {
            NameValidation.Add(ref errors, NameValidation.MaxLengthError(LabelValueMaxLength));
        }

        if (!MatchesLabelValue(value))
        {
            NameValidation.Add(ref errors, NameValidation.RegexError(LabelValueErrorMessage, LabelValueFormat, "MyValue", "my_value", "12345"));
        }

        return errors ?? (IReadOnlyList<string>)[];
    }

    public static bool MatchesLabelValue(ReadOnlySpan<char> value) => value.IsEmpty || MatchesQualifiedNamePart(value);

    public static bool MatchesQualifiedNamePart(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || !IsAlphanumeric(value[0]) || !IsAlphanumeric(value[^1]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!IsAlphanumeric(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Kube's <c>ValidateLabels</c> over <c>metadata.labels</c> as stored: every key a qualified name, every
    /// value a label value. Non-string values are skipped: the schema check rejects them first.
    /// </summary>
    /// <param name="labels">The labels map, or null.</param>
    /// <param name="fieldPath">Where the map sits, e.g. <c>metadata.labels</c> or <c>spec.selector</c>.</param>
    public static IReadOnlyList<FieldError> ValidateLabels(JsonObject? labels, string fieldPath)
    {
        ArgumentNullException.ThrowIfNull(fieldPath);
        if (labels is null || labels.Count == 0)
        {
            return [];
        }

        List<FieldError>? errors = null;
        foreach (var (key, node) in labels)
        {
            foreach (var message in IsQualifiedName(key))
            {
                (errors ??= []).Add(FieldError.Invalid(fieldPath, key, message));
            }

            if (TryGetString(node, out var value))
            {
                foreach (var message in IsValidLabelValue(value))
                {
                    (errors ??= []).Add(FieldError.Invalid(fieldPath, value, message));
                }
            }
        }

        return errors ?? (IReadOnlyList<FieldError>)[];
    }

    /// <summary>
    /// Kube's <c>ValidateAnnotations</c>: every key a qualified name once lower-cased (case does not matter
    /// for annotations), and keys plus values at most <see cref="TotalAnnotationSizeLimitBytes"/> bytes.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateAnnotations(JsonObject? annotations, string fieldPath)
    {
        ArgumentNullException.ThrowIfNull(fieldPath);
        if (annotations is null || annotations.Count == 0)
        {
            return [];
        }

        List<FieldError>? errors = null;
        foreach (var (key, _) in annotations)
        {
            foreach (var message in IsQualifiedName(key.ToLowerInvariant()))
            {
                (errors ??= []).Add(FieldError.Invalid(fieldPath, key, message));
            }
        }

        if (AnnotationsSize(annotations) > TotalAnnotationSizeLimitBytes)
        {
            (errors ??= []).Add(FieldError.TooLong(fieldPath, TotalAnnotationSizeLimitBytes));
        }

        return errors ?? (IReadOnlyList<FieldError>)[];
    }

    /// <summary>The size kube limits: UTF-8 bytes of every key and string value.</summary>
    public static long AnnotationsSize(JsonObject? annotations)
    {
        long total = 0;
        if (annotations is null)
        {
            return total;
        }

        foreach (var (key, node) in annotations)
        {
            total += NameValidation.ByteLength(key);
            if (TryGetString(node, out var value))
            {
                total += NameValidation.ByteLength(value);
            }
        }

        return total;
    }

    /// <summary>
    /// A string map entry as Go decodes it into <c>map[string]string</c>: a JSON string, or null read as "".
    /// </summary>
    internal static bool TryGetString(JsonNode? node, out string value)
    {
        if (node is null)
        {
            value = "";
            return true;
        }

        if (node.GetValueKind() == JsonValueKind.String)
        {
            value = node.GetValue<string>();
            return true;
        }

        value = "";
        return false;
    }

    private static bool IsAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9');
}
