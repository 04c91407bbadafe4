using PgHa.Testing.Schema;

namespace PgHa.Testing.Tests.Patching;

/// <summary>Hand-built schemas for strategic merge tests, carrying the patch metadata kube's Go struct tags carry.</summary>
internal static class TestSchemas
{
    /// <summary>
    /// The shape of apimachinery's strategicpatch test type <c>MergeItem</c>: a merging list keyed by <c>name</c>, a
    /// non-merging list, merging and non-merging int lists, a pointer-to-struct with merge tags, a map, a replace field,
    /// a retainKeys map and a merge+retainKeys list.
    /// </summary>
    public static SchemaNode MergeItem { get; } = BuildMergeItem();

    /// <summary>Just enough of apps/v1 Deployment for the kubectl patch documentation examples.</summary>
    public static SchemaNode Deployment { get; } = Kind("io.k8s.api.apps.v1.Deployment",
        ("spec", Object("io.k8s.api.apps.v1.DeploymentSpec",
            ("replicas", Scalar(SchemaType.Integer)),
            ("selector", Object("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", ("matchLabels", Map(Scalar(SchemaType.String))))),
            ("strategy", Strategy(Object("io.k8s.api.apps.v1.DeploymentStrategy",
                ("type", Scalar(SchemaType.String)),
                ("rollingUpdate", Object("io.k8s.api.apps.v1.RollingUpdateDeployment",
                    ("maxSurge", Scalar(SchemaType.IntOrString)),
                    ("maxUnavailable", Scalar(SchemaType.IntOrString))))), "retainKeys")),
            ("template", Object("io.k8s.api.core.v1.PodTemplateSpec",
                ("metadata", ObjectMeta()),
                ("spec", PodSpec()))))));

    /// <summary>Core v1 Service: <c>ports</c> merge by <c>port</c>.</summary>
    public static SchemaNode Service { get; } = Kind("io.k8s.api.core.v1.Service",
        ("spec", Object("io.k8s.api.core.v1.ServiceSpec",
            ("selector", Map(Scalar(SchemaType.String))),
            ("ports", Strategy(List(Object("io.k8s.api.core.v1.ServicePort",
                ("name", Scalar(SchemaType.String)),
                ("port", Scalar(SchemaType.Integer)),
                ("protocol", Scalar(SchemaType.String)),
                ("targetPort", Scalar(SchemaType.IntOrString)))), "merge", "port")))));

    /// <summary>Core v1 Endpoints: <c>subsets</c> has no patch strategy, so it is replaced whole.</summary>
    public static SchemaNode Endpoints { get; } = Kind("io.k8s.api.core.v1.Endpoints",
        ("subsets", List(Object("io.k8s.api.core.v1.EndpointSubset",
            ("addresses", List(Object("io.k8s.api.core.v1.EndpointAddress", ("ip", Scalar(SchemaType.String))))),
            ("ports", List(Object("io.k8s.api.core.v1.EndpointPort",
                ("name", Scalar(SchemaType.String)),
                ("port", Scalar(SchemaType.Integer)))))))));

    public static SchemaNode Scalar(SchemaType type) => new(type);

    public static SchemaNode Map(SchemaNode values) => new(SchemaType.Object) { AdditionalProperties = values };

    public static SchemaNode List(SchemaNode items, string? listType = null) =>
        new(SchemaType.Array) { Items = items, ListType = listType };

    public static SchemaNode Strategy(SchemaNode node, string strategy, string? mergeKey = null)
    {
        node.PatchStrategy = strategy;
        node.PatchMergeKey = mergeKey;
        return node;
    }

    public static SchemaNode Object(string definition, params (string Name, SchemaNode Node)[] properties)
    {
        var node = new SchemaNode(SchemaType.Object) { DefinitionName = definition };
        foreach (var (name, property) in properties)
        {
            node.Properties[name] = property;
        }

        return node;
    }

    private static SchemaNode Kind(string definition, params (string Name, SchemaNode Node)[] properties) =>
        Object(definition, [("apiVersion", Scalar(SchemaType.String)), ("kind", Scalar(SchemaType.String)), ("metadata", ObjectMeta()), .. properties]);

    private static SchemaNode ObjectMeta() => Object("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
        ("name", Scalar(SchemaType.String)),
        ("namespace", Scalar(SchemaType.String)),
        ("resourceVersion", Scalar(SchemaType.String)),
        ("labels", Map(Scalar(SchemaType.String))),
        ("annotations", Map(Scalar(SchemaType.String))),
        ("finalizers", Strategy(List(Scalar(SchemaType.String)), "merge")),
        ("ownerReferences", Strategy(List(Object("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference",
            ("apiVersion", Scalar(SchemaType.String)),
            ("kind", Scalar(SchemaType.String)),
            ("name", Scalar(SchemaType.String)),
            ("uid", Scalar(SchemaType.String)))), "merge", "uid")));

    private static SchemaNode PodSpec() => Object("io.k8s.api.core.v1.PodSpec",
        ("containers", Strategy(List(Object("io.k8s.api.core.v1.Container",
            ("name", Scalar(SchemaType.String)),
            ("image", Scalar(SchemaType.String)),
            ("imagePullPolicy", Scalar(SchemaType.String)),
            ("env", Strategy(List(Object("io.k8s.api.core.v1.EnvVar",
                ("name", Scalar(SchemaType.String)),
                ("value", Scalar(SchemaType.String)))), "merge", "name")))), "merge", "name")),
        ("tolerations", List(Object("io.k8s.api.core.v1.Toleration",
            ("effect", Scalar(SchemaType.String)),
            ("key", Scalar(SchemaType.String)),
            ("operator", Scalar(SchemaType.String)),
            ("value", Scalar(SchemaType.String))))));

    private static SchemaNode BuildMergeItem()
    {
        var item = Object("io.k8s.test.MergeItem",
            ("name", Scalar(SchemaType.String)),
            ("value", Scalar(SchemaType.String)),
            ("other", Scalar(SchemaType.String)),
            ("mergingIntList", Strategy(List(Scalar(SchemaType.Integer)), "merge")),
            ("nonMergingIntList", List(Scalar(SchemaType.Integer))),
            ("simpleMap", Map(Scalar(SchemaType.String))),
            ("replacingItem", Strategy(Scalar(SchemaType.Any), "replace")));

        // The struct refers to itself through its lists, as the Go type does.
        item.Properties["mergingList"] = Strategy(List(item), "merge", "name");
        item.Properties["nonMergingList"] = List(item);
        item.Properties["mergeItemPtr"] = Strategy(Object("io.k8s.test.MergeItem"), "merge", "name");
        foreach (var (name, property) in item.Properties)
        {
            if (name is not "mergeItemPtr")
            {
                item.Properties["mergeItemPtr"].Properties[name] = property;
            }
        }

        var retainKeysItem = Object("io.k8s.test.RetainKeysMergeItem",
            ("name", Scalar(SchemaType.String)),
            ("value", Scalar(SchemaType.String)),
            ("other", Scalar(SchemaType.String)),
            ("simpleMap", Map(Scalar(SchemaType.String))),
            ("mergingIntList", Strategy(List(Scalar(SchemaType.Integer)), "merge")),
            ("mergingList", Strategy(List(item), "merge", "name")),
            ("nonMergingList", List(item)));
        item.Properties["retainKeysMap"] = Strategy(retainKeysItem, "retainKeys");
        item.Properties["retainKeysMergingList"] = Strategy(List(item), "merge,retainKeys", "name");
        return item;
    }
}
