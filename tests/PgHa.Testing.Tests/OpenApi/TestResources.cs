using k8s.Models;
using PgHa.Testing.Resources;
using PgHa.Testing.Schema;
using PgHa.Testing.Tests.Schema;

namespace PgHa.Testing.Tests.OpenApi;

/// <summary>The kinds the embedded server serves, as the documents' input.</summary>
internal static class TestResources
{
    public static ResourceType Service { get; } = new()
    {
        Group = "", Version = "v1", Plural = "services", Singular = "service", Kind = "Service", Namespaced = true, ShortNames = ["svc"],
        HasStatusSubresource = true, Schema = ModelSchemaFactory.For<V1Service>(),
    };

    public static ResourceType Postgresql { get; } = new()
    {
        Group = "acid.zalan.do", Version = "v1", Plural = "postgresqls", Singular = "postgresql", Kind = "postgresql", Namespaced = true,
        ShortNames = ["pg"], HasStatusSubresource = true, DefinedBy = "postgresqls.acid.zalan.do", Schema = PostgresqlCrdSchema.Read(),
    };

    public static IReadOnlyList<ResourceType> BuiltIn() =>
    [
        Service,
        Core("endpoints", "endpoints", "Endpoints", ModelSchemaFactory.For<V1Endpoints>(), shortNames: ["ep"]),
        Core("pods", "pod", "Pod", ModelSchemaFactory.For<V1Pod>(), status: true, shortNames: ["po"]),
        Core("configmaps", "configmap", "ConfigMap", ModelSchemaFactory.For<V1ConfigMap>(), shortNames: ["cm"]),
        Core("events", "event", "Event", ModelSchemaFactory.For<Corev1Event>(), shortNames: ["ev"]),
        Core("namespaces", "namespace", "Namespace", ModelSchemaFactory.For<V1Namespace>(), status: true, namespaced: false, shortNames: ["ns"],
            verbs: ["create", "delete", "get", "list", "patch", "update", "watch"]),
        new ResourceType
        {
            Group = "discovery.k8s.io", Version = "v1", Plural = "endpointslices", Singular = "endpointslice", Kind = "EndpointSlice", Namespaced = true,
            Schema = ModelSchemaFactory.For<V1EndpointSlice>(),
        },
        new ResourceType
        {
            Group = "coordination.k8s.io", Version = "v1", Plural = "leases", Singular = "lease", Kind = "Lease", Namespaced = true,
            Schema = ModelSchemaFactory.For<V1Lease>(),
        },
        new ResourceType
        {
            Group = "apiextensions.k8s.io", Version = "v1", Plural = "customresourcedefinitions", Singular = "customresourcedefinition",
            Kind = "CustomResourceDefinition", Namespaced = false, ShortNames = ["crd", "crds"], HasStatusSubresource = true,
            Schema = ModelSchemaFactory.For<V1CustomResourceDefinition>(),
        },
    ];

    public static IReadOnlyList<ResourceType> WithPostgresql() => [.. BuiltIn(), Postgresql];

    private static ResourceType Core(
        string plural, string singular, string kind, SchemaNode schema, bool status = false, bool namespaced = true,
        IReadOnlyList<string>? shortNames = null, IReadOnlyList<string>? verbs = null) => new()
    {
        Group = "", Version = "v1", Plural = plural, Singular = singular, Kind = kind, Namespaced = namespaced, HasStatusSubresource = status,
        Schema = schema, ShortNames = shortNames ?? [], Verbs = verbs ?? ResourceType.DefaultVerbs,
    };
}
