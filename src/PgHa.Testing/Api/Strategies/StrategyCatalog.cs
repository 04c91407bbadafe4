using PgHa.Testing.Resources;

namespace PgHa.Testing.Api.Strategies;

/// <summary>The strategy for each resource: the built-in kinds' own, one shared by every custom resource, the default otherwise.</summary>
internal static class StrategyCatalog
{
    private static readonly Dictionary<string, ResourceStrategy> BuiltIn = new(StringComparer.Ordinal)
    {
        [BuiltInResources.Namespaces.GroupResource] = new NamespaceStrategy(),
        [BuiltInResources.Services.GroupResource] = new ServiceStrategy(),
        [BuiltInResources.Endpoints.GroupResource] = new EndpointsStrategy(),
        [BuiltInResources.Pods.GroupResource] = new PodStrategy(),
        [BuiltInResources.ConfigMaps.GroupResource] = new ConfigMapStrategy(),
        [BuiltInResources.Events.GroupResource] = new EventStrategy(),
        [BuiltInResources.EndpointSlices.GroupResource] = new EndpointSliceStrategy(),
        [BuiltInResources.Leases.GroupResource] = new LeaseStrategy(),
        [BuiltInResources.CustomResourceDefinitions.GroupResource] = new CustomResourceDefinitionStrategy(),
        [BuiltInResources.Roles.GroupResource] = new RbacRoleStrategy(clusterScoped: false),
        [BuiltInResources.ClusterRoles.GroupResource] = new RbacRoleStrategy(clusterScoped: true),
        [BuiltInResources.RoleBindings.GroupResource] = new RbacBindingStrategy(clusterScoped: false),
        [BuiltInResources.ClusterRoleBindings.GroupResource] = new RbacBindingStrategy(clusterScoped: true),
    };

    public static ResourceStrategy For(ResourceType type) =>
        type.IsCustom ? CustomResourceStrategy.Default : BuiltIn.GetValueOrDefault(type.GroupResource, ResourceStrategy.Default);
}
