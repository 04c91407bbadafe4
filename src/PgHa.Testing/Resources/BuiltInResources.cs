using k8s.Models;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Resources;

/// <summary>The built-in resources the server serves, described as kube-apiserver's discovery does.</summary>
internal static class BuiltInResources
{
    public const string RbacGroup = "rbac.authorization.k8s.io";

    public static readonly ResourceType Namespaces = new()
    {
        Group = "", Version = "v1", Plural = "namespaces", Singular = "namespace", Kind = "Namespace", Schema = ModelSchemaFactory.For<V1Namespace>(),
        Namespaced = false, ShortNames = ["ns"], HasStatusSubresource = true,
        Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"],
        SelectableFields = ["status.phase"],
    };

    public static readonly ResourceType Services = new()
    {
        Group = "", Version = "v1", Plural = "services", Singular = "service", Kind = "Service", Schema = ModelSchemaFactory.For<V1Service>(),
        Namespaced = true, ShortNames = ["svc"], Categories = ["all"], HasStatusSubresource = true,
        SelectableFields = ["spec.clusterIP", "spec.type"],
    };

    public static readonly ResourceType Endpoints = new()
    {
        Group = "", Version = "v1", Plural = "endpoints", Singular = "endpoints", Kind = "Endpoints", Schema = ModelSchemaFactory.For<V1Endpoints>(),
        Namespaced = true, ShortNames = ["ep"],
    };

    public static readonly ResourceType Pods = new()
    {
        Group = "", Version = "v1", Plural = "pods", Singular = "pod", Kind = "Pod", Schema = ModelSchemaFactory.For<V1Pod>(),
        Namespaced = true, ShortNames = ["po"], Categories = ["all"], HasStatusSubresource = true,
        SelectableFields =
        [
            "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
            "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName",
        ],
    };

    public static readonly ResourceType ConfigMaps = new()
    {
        Group = "", Version = "v1", Plural = "configmaps", Singular = "configmap", Kind = "ConfigMap", Schema = ModelSchemaFactory.For<V1ConfigMap>(),
        Namespaced = true, ShortNames = ["cm"],
    };

    public static readonly ResourceType Events = new()
    {
        Group = "", Version = "v1", Plural = "events", Singular = "event", Kind = "Event", Schema = ModelSchemaFactory.For<Corev1Event>(),
        Namespaced = true, ShortNames = ["ev"],
        SelectableFields =
        [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
            "reason", "reportingComponent", "source", "type",
        ],
    };

    public static readonly ResourceType EndpointSlices = new()
    {
        Group = "discovery.k8s.io", Version = "v1", Plural = "endpointslices", Singular = "endpointslice",
        Kind = "EndpointSlice", Schema = ModelSchemaFactory.For<V1EndpointSlice>(), Namespaced = true,
    };

    public static readonly ResourceType Leases = new()
    {
        Group = "coordination.k8s.io", Version = "v1", Plural = "leases", Singular = "lease", Kind = "Lease", Schema = ModelSchemaFactory.For<V1Lease>(),
        Namespaced = true,
    };

    public static readonly ResourceType CustomResourceDefinitions = new()
    {
        Group = "apiextensions.k8s.io", Version = "v1", Plural = "customresourcedefinitions",
        Singular = "customresourcedefinition", Kind = "CustomResourceDefinition", Schema = ModelSchemaFactory.For<V1CustomResourceDefinition>(), Namespaced = false,
        ShortNames = ["crd", "crds"], Categories = ["api-extensions"], HasStatusSubresource = true,
        TracksGeneration = true,
    };

    public static readonly ResourceType ServiceAccounts = new()
    {
        Group = "", Version = "v1", Plural = "serviceaccounts", Singular = "serviceaccount", Kind = "ServiceAccount", Schema = ModelSchemaFactory.For<V1ServiceAccount>(),
        Namespaced = true, ShortNames = ["sa"],
    };

    public static readonly ResourceType Roles = new()
    {
        Group = RbacGroup, Version = "v1", Plural = "roles", Singular = "role", Kind = "Role", Schema = ModelSchemaFactory.For<V1Role>(),
        Namespaced = true,
    };

    public static readonly ResourceType RoleBindings = new()
    {
        Group = RbacGroup, Version = "v1", Plural = "rolebindings", Singular = "rolebinding", Kind = "RoleBinding", Schema = ModelSchemaFactory.For<V1RoleBinding>(),
        Namespaced = true,
    };

    public static readonly ResourceType ClusterRoles = new()
    {
        Group = RbacGroup, Version = "v1", Plural = "clusterroles", Singular = "clusterrole", Kind = "ClusterRole", Schema = ModelSchemaFactory.For<V1ClusterRole>(),
        Namespaced = false,
    };

    public static readonly ResourceType ClusterRoleBindings = new()
    {
        Group = RbacGroup, Version = "v1", Plural = "clusterrolebindings", Singular = "clusterrolebinding", Kind = "ClusterRoleBinding",
        Schema = ModelSchemaFactory.For<V1ClusterRoleBinding>(), Namespaced = false,
    };

    /// <summary>Served for <c>create</c> only and never stored (see Authorization/AccessReviews).</summary>
    public static readonly ResourceType SelfSubjectAccessReviews = new()
    {
        Group = "authorization.k8s.io", Version = "v1", Plural = "selfsubjectaccessreviews", Singular = "selfsubjectaccessreview",
        Kind = "SelfSubjectAccessReview", Schema = ModelSchemaFactory.For<V1SelfSubjectAccessReview>(), Namespaced = false, Verbs = ["create"],
    };

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Namespaces, Services, Endpoints, Pods, ConfigMaps, Events, EndpointSlices, Leases, CustomResourceDefinitions,
        ServiceAccounts, Roles, RoleBindings, ClusterRoles, ClusterRoleBindings, SelfSubjectAccessReviews,
    ];
}
