using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;

namespace PgHa.Testing.Schema;

/// <summary>
/// Builds the <see cref="SchemaNode"/> graph of a KubernetesClient model type (<c>V1Service</c>, ...) by
/// reflection over its <c>[JsonPropertyName]</c> properties, named and annotated as kube-apiserver's
/// OpenAPI describes the Go type it mirrors. Thread-safe; each type is built once and cached.
/// </summary>
internal static class ModelSchemaFactory
{
    private static readonly Lock Gate = new();
    private static readonly ConcurrentDictionary<Type, SchemaNode> Cache = new();

    // Guarded by Gate: which model type owns each definition name, so two types can never share one.
    private static readonly Dictionary<string, Type> Owners = new(StringComparer.Ordinal);

    private static readonly SchemaNode StringNode = new(SchemaType.String);
    private static readonly SchemaNode Int32Node = new(SchemaType.Integer) { Format = "int32" };
    private static readonly SchemaNode Int64Node = new(SchemaType.Integer) { Format = "int64" };
    private static readonly SchemaNode DoubleNode = new(SchemaType.Number) { Format = "double" };
    private static readonly SchemaNode BooleanNode = new(SchemaType.Boolean);
    private static readonly SchemaNode BytesNode = new(SchemaType.String) { Format = "byte" };

    // Go fields of type metav1.MicroTime (the models map them to DateTime like metav1.Time).
    private static readonly FrozenSet<string> MicroTimeFields = FrozenSet.ToFrozenSet(
    [
        "io.k8s.api.core.v1.Event.eventTime", "io.k8s.api.core.v1.EventSeries.lastObservedTime",
        "io.k8s.api.events.v1.Event.eventTime", "io.k8s.api.events.v1.EventSeries.lastObservedTime",
        "io.k8s.api.coordination.v1.LeaseSpec.acquireTime", "io.k8s.api.coordination.v1.LeaseSpec.renewTime",
        "io.k8s.api.coordination.v1beta1.LeaseSpec.acquireTime", "io.k8s.api.coordination.v1beta1.LeaseSpec.renewTime",
        "io.k8s.api.coordination.v1alpha2.LeaseCandidateSpec.pingTime", "io.k8s.api.coordination.v1alpha2.LeaseCandidateSpec.renewTime",
        "io.k8s.api.coordination.v1beta1.LeaseCandidateSpec.pingTime", "io.k8s.api.coordination.v1beta1.LeaseCandidateSpec.renewTime",
    ], StringComparer.Ordinal);

    // Free-form (object-typed) model properties whose Go type kube publishes under its own definition.
    private static readonly FrozenDictionary<string, SchemaNode> FreeFormFields = new Dictionary<string, SchemaNode>(StringComparer.Ordinal)
    {
        ["io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry.fieldsV1"] = WellKnownSchemas.FieldsV1,
        ["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.default"] = WellKnownSchemas.Json,
        ["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.example"] = WellKnownSchemas.Json,
        ["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.enum"] = WellKnownSchemas.Json,
        ["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.items"] = WellKnownSchemas.JsonSchemaPropsOrArray,
        ["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.additionalItems"] = WellKnownSchemas.JsonSchemaPropsOrBool,
        ["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.additionalProperties"] = WellKnownSchemas.JsonSchemaPropsOrBool,
        ["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps.dependencies"] = WellKnownSchemas.JsonSchemaPropsOrStringArray,
        ["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceSubresources.status"] = WellKnownSchemas.CustomResourceSubresourceStatus,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The schema of <typeparamref name="T"/>.</summary>
    public static SchemaNode For<T>() => For(typeof(T));

    /// <summary>The schema of the model type <paramref name="modelType"/> (a class from <c>k8s.Models</c>).</summary>
    /// <exception cref="ArgumentException">The type is not a model class with JSON properties.</exception>
    public static SchemaNode For(Type modelType)
    {
        ArgumentNullException.ThrowIfNull(modelType);
        if (Cache.TryGetValue(modelType, out var cached))
        {
            return cached;
        }

        if (!IsModel(modelType))
        {
            throw new ArgumentException($"{modelType} is not a KubernetesClient model class.", nameof(modelType));
        }

        lock (Gate)
        {
            if (Cache.TryGetValue(modelType, out cached))
            {
                return cached;
            }

            // Publish only whole graphs: readers never see a node whose properties are still being filled.
            var building = new Dictionary<Type, SchemaNode>();
            var root = Definition(modelType, building);
            foreach (var (type, node) in building)
            {
                Cache[type] = node;
            }

            return root;
        }
    }

    /// <summary>The schema of <c>metadata</c> (<c>io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta</c>).</summary>
    public static SchemaNode ObjectMeta => For<V1ObjectMeta>();

    private static bool IsModel(Type type) =>
        type.IsClass && !type.IsAbstract && type.Namespace == typeof(V1Service).Namespace && !type.IsGenericType
        && type != typeof(IntOrString) && type != typeof(ResourceQuantity)
        && type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null);

    private static SchemaNode Definition(Type type, Dictionary<Type, SchemaNode> building)
    {
        if (Cache.TryGetValue(type, out var node) || building.TryGetValue(type, out node))
        {
            return node;
        }

        var name = KubeDefinitionNames.For(type);
        if (Owners.TryGetValue(name, out var owner) && owner != type)
        {
            throw new InvalidOperationException($"Definition name {name} would be shared by {owner} and {type}.");
        }

        Owners[name] = type;
        node = new SchemaNode(SchemaType.Object) { DefinitionName = name };
        building[type] = node;
        if (PatchStrategies.IsAtomicStruct(name))
        {
            node.MapType = "atomic";
        }

        var entity = type.GetCustomAttribute<KubernetesEntityAttribute>();
        if (entity?.Kind is not null && entity.ApiVersion is not null)
        {
            node.GroupVersionKind = new GroupVersionKind(entity.Group ?? string.Empty, entity.ApiVersion, entity.Kind);
        }

        var valueTypeRequired = new List<string>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var json = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
            if (json is null)
            {
                continue;
            }

            node.Properties[json] = PropertyNode(name, json, property.PropertyType, building);
            if (property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null)
            {
                valueTypeRequired.Add(json);
            }
        }

        // The table is kube's truth for the packages it covers; elsewhere the models' non-nullable value
        // types are the only required-ness the generator kept.
        var required = RequiredFields.Covers(name) ? RequiredFields.For(name) : valueTypeRequired;
        foreach (var field in required)
        {
            if (node.Properties.ContainsKey(field))
            {
                node.Required.Add(field);
            }
        }

        return node;
    }

    private static SchemaNode PropertyNode(string definition, string json, Type type, Dictionary<Type, SchemaNode> building)
    {
        var key = definition + "." + json;
        FreeFormFields.TryGetValue(key, out var freeForm);
        if (type == typeof(DateTime) || type == typeof(DateTime?) || type == typeof(DateTimeOffset) || type == typeof(DateTimeOffset?))
        {
            return MicroTimeFields.Contains(key) ? WellKnownSchemas.MicroTime : WellKnownSchemas.Time;
        }

        if (TryElementType(type, out var isMap, out var element))
        {
            var elementNode = freeForm ?? ValueNode(element, building);
            var container = isMap
                ? new SchemaNode(SchemaType.Object) { AdditionalProperties = elementNode }
                : new SchemaNode(SchemaType.Array) { Items = elementNode };
            PatchStrategies.Apply(definition, json, container);
            return container;
        }

        return freeForm ?? ValueNode(type, building);
    }

    private static SchemaNode ValueNode(Type type, Dictionary<Type, SchemaNode> building)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return StringNode;
        }

        if (type == typeof(int) || type == typeof(short) || type == typeof(byte))
        {
            return Int32Node;
        }

        if (type == typeof(long))
        {
            return Int64Node;
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return DoubleNode;
        }

        if (type == typeof(bool))
        {
            return BooleanNode;
        }

        if (type == typeof(byte[]))
        {
            return BytesNode;
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return WellKnownSchemas.Time;
        }

        if (type == typeof(IntOrString))
        {
            return WellKnownSchemas.IntOrString;
        }

        if (type == typeof(ResourceQuantity))
        {
            return WellKnownSchemas.Quantity;
        }

        if (type == typeof(object) || type == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(type))
        {
            return WellKnownSchemas.RawExtension;
        }

        if (TryElementType(type, out var isMap, out var element))
        {
            return isMap
                ? new SchemaNode(SchemaType.Object) { AdditionalProperties = ValueNode(element, building) }
                : new SchemaNode(SchemaType.Array) { Items = ValueNode(element, building) };
        }

        if (IsModel(type))
        {
            return Definition(type, building);
        }

        throw new NotSupportedException($"No schema mapping for model property type {type}.");
    }

    // IDictionary<string, T> (map) or IList<T>/IEnumerable<T> (array); strings and byte[] are scalars.
    private static bool TryElementType(Type type, out bool isMap, out Type element)
    {
        isMap = false;
        element = typeof(object);
        if (type == typeof(string) || type == typeof(byte[]) || !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return false;
        }

        foreach (var candidate in (Type[])[type, .. type.GetInterfaces()])
        {
            if (!candidate.IsGenericType)
            {
                continue;
            }

            var definition = candidate.GetGenericTypeDefinition();
            if (definition == typeof(IDictionary<,>) || definition == typeof(IReadOnlyDictionary<,>))
            {
                isMap = true;
                element = candidate.GetGenericArguments()[1];
                return true;
            }
        }

        foreach (var candidate in (Type[])[type, .. type.GetInterfaces()])
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                element = candidate.GetGenericArguments()[0];
                return true;
            }
        }

        return false;
    }
}
