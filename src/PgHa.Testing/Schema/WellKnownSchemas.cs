namespace PgHa.Testing.Schema;

/// <summary>
/// The shared schemas of apimachinery's special Go types, published under kube's definition names and
/// recognised by reference where decoding needs their Go semantics (Quantity parsing, Time layouts).
/// </summary>
internal static class WellKnownSchemas
{
    public const string TimeName = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
    public const string MicroTimeName = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";
    public const string IntOrStringName = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    public const string QuantityName = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    public const string RawExtensionName = "io.k8s.apimachinery.pkg.runtime.RawExtension";
    public const string FieldsV1Name = "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1";
    public const string PatchName = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";
    private const string ApiExtensions = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.";

    /// <summary><c>metav1.Time</c>: RFC 3339 with optional fractional seconds.</summary>
    public static SchemaNode Time { get; } = new(SchemaType.String) { Format = "date-time", DefinitionName = TimeName };

    /// <summary><c>metav1.MicroTime</c>: RFC 3339 with exactly six fractional digits.</summary>
    public static SchemaNode MicroTime { get; } = new(SchemaType.String) { Format = "date-time", DefinitionName = MicroTimeName, MicroTime = true };

    /// <summary><c>intstr.IntOrString</c>.</summary>
    public static SchemaNode IntOrString { get; } = new(SchemaType.IntOrString) { Format = "int-or-string", DefinitionName = IntOrStringName };

    /// <summary><c>resource.Quantity</c>: a string or number in quantity syntax.</summary>
    public static SchemaNode Quantity { get; } = new(SchemaType.IntOrString) { DefinitionName = QuantityName };

    /// <summary><c>runtime.RawExtension</c>: any embedded object.</summary>
    public static SchemaNode RawExtension { get; } = new(SchemaType.Any) { DefinitionName = RawExtensionName };

    /// <summary><c>metav1.FieldsV1</c>: the managed-fields set, an opaque object.</summary>
    public static SchemaNode FieldsV1 { get; } = new(SchemaType.Any) { DefinitionName = FieldsV1Name };

    /// <summary><c>apiextensions/v1.JSON</c>: any JSON value (defaults, examples, enum values).</summary>
    public static SchemaNode Json { get; } = new(SchemaType.Any) { DefinitionName = ApiExtensions + "JSON" };

    /// <summary><c>JSONSchemaPropsOrArray</c>: a schema or a list of schemas.</summary>
    public static SchemaNode JsonSchemaPropsOrArray { get; } = new(SchemaType.Any) { DefinitionName = ApiExtensions + "JSONSchemaPropsOrArray" };

    /// <summary><c>JSONSchemaPropsOrBool</c>: a schema or a boolean.</summary>
    public static SchemaNode JsonSchemaPropsOrBool { get; } = new(SchemaType.Any) { DefinitionName = ApiExtensions + "JSONSchemaPropsOrBool" };

    /// <summary><c>JSONSchemaPropsOrStringArray</c>: a schema or a list of strings.</summary>
    public static SchemaNode JsonSchemaPropsOrStringArray { get; } = new(SchemaType.Any) { DefinitionName = ApiExtensions + "JSONSchemaPropsOrStringArray" };

    /// <summary><c>CustomResourceSubresourceStatus</c>: an empty object that switches the status subresource on.</summary>
    public static SchemaNode CustomResourceSubresourceStatus { get; } = new(SchemaType.Any) { DefinitionName = ApiExtensions + "CustomResourceSubresourceStatus" };

    /// <summary><c>metav1.Patch</c>: the body of a PATCH request, whatever its content type.</summary>
    public static SchemaNode Patch { get; } = new(SchemaType.Any) { DefinitionName = PatchName };

    /// <summary>True when kube publishes the free-form definition as <c>type: object</c> rather than as an untyped schema.</summary>
    public static bool IsObjectTyped(SchemaNode node) =>
        ReferenceEquals(node, RawExtension) || ReferenceEquals(node, FieldsV1) || ReferenceEquals(node, CustomResourceSubresourceStatus)
        || ReferenceEquals(node, Patch);
}
