using System.Reflection;
using k8s.Models;
using PgHa.Testing.Schema;

namespace PgHa.Testing.Tests.Schema;

// Expected names, types and extensions are those of kube's published OpenAPI
// (kubernetes/kubernetes api/openapi-spec/v3/api__v1_openapi.json and apis__discovery.k8s.io__v1_openapi.json).
public sealed class ModelSchemaFactoryTests
{
    [Fact]
    public void Service_has_kube_definition_names_types_and_gvk()
    {
        var service = ModelSchemaFactory.For<V1Service>();

        service.DefinitionName.Should().Be("io.k8s.api.core.v1.Service");
        service.GroupVersionKind.Should().Be(new GroupVersionKind("", "v1", "Service"));
        service.Properties.Keys.Should().BeEquivalentTo(["apiVersion", "kind", "metadata", "spec", "status"]);
        service.Properties["metadata"].DefinitionName.Should().Be("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        service.Properties["spec"].DefinitionName.Should().Be("io.k8s.api.core.v1.ServiceSpec");
    }

    [Fact]
    public void Service_ports_are_a_merge_list_keyed_by_port_and_protocol()
    {
        var ports = ModelSchemaFactory.For<V1Service>().Properties["spec"].Properties["ports"];

        ports.Type.Should().Be(SchemaType.Array);
        ports.PatchStrategy.Should().Be("merge");
        ports.PatchMergeKey.Should().Be("port");
        ports.ListType.Should().Be("map");
        ports.ListMapKeys.Should().Equal("port", "protocol");

        var port = ports.Items!;
        port.DefinitionName.Should().Be("io.k8s.api.core.v1.ServicePort");
        port.Required.Should().Equal("port");
        port.Properties["port"].Type.Should().Be(SchemaType.Integer);
        port.Properties["port"].Format.Should().Be("int32");
        port.Properties["targetPort"].Should().BeSameAs(WellKnownSchemas.IntOrString);
        port.Properties["name"].Type.Should().Be(SchemaType.String);
    }

    [Fact]
    public void Service_spec_maps_and_atomic_lists()
    {
        var spec = ModelSchemaFactory.For<V1Service>().Properties["spec"];

        spec.Properties["selector"].Type.Should().Be(SchemaType.Object);
        spec.Properties["selector"].AdditionalProperties!.Type.Should().Be(SchemaType.String);
        spec.Properties["clusterIPs"].ListType.Should().Be("atomic");
        spec.Properties["sessionAffinityConfig"].DefinitionName.Should().Be("io.k8s.api.core.v1.SessionAffinityConfig");
        ModelSchemaFactory.For<V1Service>().Properties["status"].Properties["conditions"].ListMapKeys.Should().Equal("type");
    }

    [Fact]
    public void EndpointSlice_matches_discovery_v1()
    {
        var slice = ModelSchemaFactory.For<V1EndpointSlice>();

        slice.DefinitionName.Should().Be("io.k8s.api.discovery.v1.EndpointSlice");
        slice.GroupVersionKind.Should().Be(new GroupVersionKind("discovery.k8s.io", "v1", "EndpointSlice"));
        slice.Required.Should().Equal("addressType", "endpoints");
        slice.Properties["endpoints"].ListType.Should().Be("atomic");
        slice.Properties["ports"].ListType.Should().Be("atomic");

        var endpoint = slice.Properties["endpoints"].Items!;
        endpoint.DefinitionName.Should().Be("io.k8s.api.discovery.v1.Endpoint");
        endpoint.Required.Should().Equal("addresses");
        endpoint.Properties["addresses"].ListType.Should().Be("set");
        endpoint.Properties["conditions"].DefinitionName.Should().Be("io.k8s.api.discovery.v1.EndpointConditions");
        endpoint.Properties["targetRef"].DefinitionName.Should().Be("io.k8s.api.core.v1.ObjectReference");
        endpoint.Properties["targetRef"].MapType.Should().Be("atomic");

        var port = slice.Properties["ports"].Items!;
        port.DefinitionName.Should().Be("io.k8s.api.discovery.v1.EndpointPort");
        port.MapType.Should().Be("atomic");
    }

    [Fact]
    public void ObjectMeta_owner_references_and_finalizers_merge()
    {
        var meta = ModelSchemaFactory.ObjectMeta;

        meta.Properties["ownerReferences"].PatchStrategy.Should().Be("merge");
        meta.Properties["ownerReferences"].PatchMergeKey.Should().Be("uid");
        meta.Properties["ownerReferences"].ListMapKeys.Should().Equal("uid");
        meta.Properties["finalizers"].PatchStrategy.Should().Be("merge");
        meta.Properties["finalizers"].ListType.Should().Be("set");
        meta.Properties["creationTimestamp"].Should().BeSameAs(WellKnownSchemas.Time);
        meta.Properties["labels"].AdditionalProperties!.Type.Should().Be(SchemaType.String);
        meta.Properties["managedFields"].Items!.Properties["fieldsV1"].Should().BeSameAs(WellKnownSchemas.FieldsV1);
    }

    [Fact]
    public void Pod_containers_env_and_status_conditions_use_kube_merge_keys()
    {
        var pod = ModelSchemaFactory.For<V1Pod>();
        var containers = pod.Properties["spec"].Properties["containers"];

        containers.PatchMergeKey.Should().Be("name");
        containers.Items!.Properties["env"].PatchMergeKey.Should().Be("name");
        containers.Items!.Properties["ports"].ListMapKeys.Should().Equal("containerPort", "protocol");
        containers.Items!.Properties["volumeMounts"].PatchMergeKey.Should().Be("mountPath");
        containers.Items!.Properties["resources"].Properties["limits"].AdditionalProperties.Should().BeSameAs(WellKnownSchemas.Quantity);
        pod.Properties["spec"].Properties["volumes"].PatchStrategy.Should().Be("merge,retainKeys");
        pod.Properties["status"].Properties["conditions"].PatchMergeKey.Should().Be("type");
        pod.Properties["status"].Properties["podIPs"].PatchMergeKey.Should().Be("ip");
    }

    [Fact]
    public void Lease_times_are_micro_time_and_events_keep_their_group()
    {
        ModelSchemaFactory.For<V1Lease>().Properties["spec"].Properties["renewTime"].Should().BeSameAs(WellKnownSchemas.MicroTime);
        ModelSchemaFactory.For<V1Lease>().DefinitionName.Should().Be("io.k8s.api.coordination.v1.Lease");
        ModelSchemaFactory.For<Corev1Event>().DefinitionName.Should().Be("io.k8s.api.core.v1.Event");
        ModelSchemaFactory.For<Corev1Event>().Properties["eventTime"].Should().BeSameAs(WellKnownSchemas.MicroTime);
        ModelSchemaFactory.For<Corev1Event>().Properties["source"].DefinitionName.Should().Be("io.k8s.api.core.v1.EventSource");
        ModelSchemaFactory.For<Eventsv1Event>().DefinitionName.Should().Be("io.k8s.api.events.v1.Event");
        ModelSchemaFactory.For<V1Status>().DefinitionName.Should().Be("io.k8s.apimachinery.pkg.apis.meta.v1.Status");
        ModelSchemaFactory.For<V1ConfigMap>().Properties["binaryData"].AdditionalProperties!.Format.Should().Be("byte");
    }

    [Fact]
    public void Crd_schema_props_are_recursive_and_free_form_fields_are_named()
    {
        var crd = ModelSchemaFactory.For<V1CustomResourceDefinition>();
        var props = crd.Properties["spec"].Properties["versions"].Items!.Properties["schema"].Properties["openAPIV3Schema"];

        crd.DefinitionName.Should().Be("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition");
        props.DefinitionName.Should().Be("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps");
        props.Properties["properties"].AdditionalProperties.Should().BeSameAs(props);
        props.Properties["default"].Should().BeSameAs(WellKnownSchemas.Json);
        props.Properties["items"].Should().BeSameAs(WellKnownSchemas.JsonSchemaPropsOrArray);
        props.Properties["x-kubernetes-validations"].PatchMergeKey.Should().Be("rule");
        crd.Properties["spec"].Required.Should().Equal("group", "names", "scope", "versions");
    }

    [Theory]
    [InlineData(typeof(V1ScaleIOVolumeSource), "io.k8s.api.core.v1.ScaleIOVolumeSource")]
    [InlineData(typeof(V1ClusterTrustBundleProjection), "io.k8s.api.core.v1.ClusterTrustBundleProjection")]
    [InlineData(typeof(V1DeploymentSpec), "io.k8s.api.apps.v1.DeploymentSpec")]
    [InlineData(typeof(V1JobTemplateSpec), "io.k8s.api.batch.v1.JobTemplateSpec")]
    [InlineData(typeof(V1PodTemplateSpec), "io.k8s.api.core.v1.PodTemplateSpec")]
    [InlineData(typeof(V1ForZone), "io.k8s.api.discovery.v1.ForZone")]
    [InlineData(typeof(Discoveryv1EndpointPort), "io.k8s.api.discovery.v1.EndpointPort")]
    [InlineData(typeof(Corev1EndpointPort), "io.k8s.api.core.v1.EndpointPort")]
    [InlineData(typeof(V1LeaseSpec), "io.k8s.api.coordination.v1.LeaseSpec")]
    [InlineData(typeof(V1beta1LeaseCandidateSpec), "io.k8s.api.coordination.v1beta1.LeaseCandidateSpec")]
    [InlineData(typeof(V1ListMeta), "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta")]
    public void Nested_types_get_their_go_package(Type type, string name) =>
        KubeDefinitionNames.For(type).Should().Be(name);

    [Fact]
    public void Every_model_kind_builds_with_a_unique_definition_name()
    {
        var names = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in typeof(V1Service).Assembly.GetExportedTypes().Where(t => t.GetCustomAttribute<KubernetesEntityAttribute>() is not null && !t.IsGenericType))
        {
            var schema = ModelSchemaFactory.For(type);
            names.Should().NotContainKey(schema.DefinitionName!, "{0} and {1} must not share a name", type, names.GetValueOrDefault(schema.DefinitionName!));
            names[schema.DefinitionName!] = type;
        }

        names.Should().HaveCountGreaterThan(200);
    }

    [Fact]
    public void Schemas_are_cached_and_safe_to_build_concurrently()
    {
        var results = new SchemaNode[8];
        Parallel.For(0, results.Length, i => results[i] = ModelSchemaFactory.For<V1PodTemplate>());

        results.Should().AllSatisfy(r => r.Should().BeSameAs(results[0]));
        results[0].Properties["template"].Properties["spec"].Should().BeSameAs(ModelSchemaFactory.For<V1Pod>().Properties["spec"]);
    }
}
