using System.Collections.Frozen;

namespace PgHa.Testing.Schema;

/// <summary>
/// The strategic-merge and list/map extensions kube-apiserver's OpenAPI declares for the fields of the
/// built-in kinds (<c>x-kubernetes-patch-strategy</c>, <c>-patch-merge-key</c>, <c>-list-type</c>,
/// <c>-list-map-keys</c>, <c>-map-type</c>), and the structs it marks <c>x-kubernetes-map-type: atomic</c>.
/// </summary>
/// <remarks>
/// Transcribed from the <c>+patchStrategy</c>, <c>+patchMergeKey</c>, <c>+listType</c>, <c>+listMapKey</c>,
/// <c>+mapType</c> and <c>+structType</c> markers of k8s.io/api core/v1 and discovery/v1,
/// k8s.io/apimachinery meta/v1 and k8s.io/apiextensions-apiserver apiextensions/v1 (v0.32, plus the fields
/// added up to v0.36), which kube-openapi's generator turns into exactly these extensions. Each line is
/// <c>Struct.field strategy mergeKey listType mapKeys mapType</c>, <c>-</c> for none; lists only fields that
/// have at least one.
/// </remarks>
internal static class PatchStrategies
{
    private static readonly FrozenSet<string> AtomicStructs = FrozenSet.ToFrozenSet(
    [
        "io.k8s.api.core.v1.ConfigMapKeySelector", "io.k8s.api.core.v1.EndpointAddress", "io.k8s.api.core.v1.EndpointPort",
        "io.k8s.api.core.v1.EvictionResponder", "io.k8s.api.core.v1.FileKeySelector", "io.k8s.api.core.v1.LocalObjectReference",
        "io.k8s.api.core.v1.NodeSelector", "io.k8s.api.core.v1.NodeSelectorTerm", "io.k8s.api.core.v1.ObjectFieldSelector",
        "io.k8s.api.core.v1.ObjectReference", "io.k8s.api.core.v1.ResourceFieldSelector", "io.k8s.api.core.v1.ScopeSelector",
        "io.k8s.api.core.v1.SecretKeySelector", "io.k8s.api.core.v1.SecretReference", "io.k8s.api.core.v1.TopologySelectorTerm",
        "io.k8s.api.core.v1.TypedLocalObjectReference", "io.k8s.api.discovery.v1.EndpointPort",
        "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference",
    ], StringComparer.Ordinal);

    /// <summary>The extensions of one field.</summary>
    internal sealed record FieldStrategy(string? PatchStrategy, string? PatchMergeKey, string? ListType, IReadOnlyList<string>? ListMapKeys, string? MapType);

    /// <summary>The extensions declared for <paramref name="property"/> of definition <paramref name="definitionName"/>, if any.</summary>
    public static FieldStrategy? For(string definitionName, string property) =>
        Fields.TryGetValue(definitionName, out var fields) && fields.TryGetValue(property, out var strategy) ? strategy : null;

    /// <summary>True when kube marks the struct <c>x-kubernetes-map-type: atomic</c> (replaced whole by merges and apply).</summary>
    public static bool IsAtomicStruct(string definitionName) => AtomicStructs.Contains(definitionName);

    /// <summary>Copies the extensions of <paramref name="property"/> onto its (inline list or map) node.</summary>
    public static void Apply(string definitionName, string property, SchemaNode node)
    {
        var strategy = For(definitionName, property);
        if (strategy is null)
        {
            return;
        }

        node.PatchStrategy = strategy.PatchStrategy;
        node.PatchMergeKey = strategy.PatchMergeKey;
        node.ListType = strategy.ListType;
        node.ListMapKeys = strategy.ListMapKeys?.ToList();
        node.MapType = strategy.MapType;
    }

    private static FrozenDictionary<string, FrozenDictionary<string, FieldStrategy>> ParseFields()
    {
        var result = new Dictionary<string, FrozenDictionary<string, FieldStrategy>>(StringComparer.Ordinal);
        foreach (var (package, table) in Table)
        {
            var byStruct = new Dictionary<string, Dictionary<string, FieldStrategy>>(StringComparer.Ordinal);
            foreach (var line in table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var cols = line.Split(' ');
                var dot = cols[0].IndexOf('.', StringComparison.Ordinal);
                var definition = package + "." + cols[0][..dot];
                if (!byStruct.TryGetValue(definition, out var fields))
                {
                    byStruct[definition] = fields = new Dictionary<string, FieldStrategy>(StringComparer.Ordinal);
                }

                fields[cols[0][(dot + 1)..]] = new FieldStrategy(
                    Dash(cols[1]), Dash(cols[2]), Dash(cols[3]), Dash(cols[4])?.Split(','), Dash(cols[5]));
            }

            foreach (var (definition, fields) in byStruct)
            {
                result[definition] = fields.ToFrozenDictionary(StringComparer.Ordinal);
            }
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string? Dash(string column) => column == "-" ? null : column;

    private static readonly Dictionary<string, string> Table = new(StringComparer.Ordinal)
    {
        ["io.k8s.api.core.v1"] = """
            PersistentVolumeSpec.accessModes - - atomic - -
            PersistentVolumeSpec.mountOptions - - atomic - -
            PersistentVolumeClaimSpec.accessModes - - atomic - -
            VolumeHealthStatus.healthConditions merge status map status,reason -
            PodVolumeHealth.healthConditions merge status map status,reason -
            PersistentVolumeClaimStatus.accessModes - - atomic - -
            PersistentVolumeClaimStatus.conditions merge type map type -
            PersistentVolumeClaimStatus.allocatedResourceStatuses - - - - granular
            RBDVolumeSource.monitors - - atomic - -
            RBDPersistentVolumeSource.monitors - - atomic - -
            CephFSVolumeSource.monitors - - atomic - -
            CephFSPersistentVolumeSource.monitors - - atomic - -
            SecretVolumeSource.items - - atomic - -
            SecretProjection.items - - atomic - -
            ISCSIVolumeSource.portals - - atomic - -
            ISCSIPersistentVolumeSource.portals - - atomic - -
            FCVolumeSource.targetWWNs - - atomic - -
            FCVolumeSource.wwids - - atomic - -
            ConfigMapVolumeSource.items - - atomic - -
            ConfigMapProjection.items - - atomic - -
            ProjectedVolumeSource.sources - - atomic - -
            VolumeMount.bindMountOptions - - set - -
            HTTPGetAction.httpHeaders - - atomic - -
            ExecAction.command - - atomic - -
            Capabilities.add - - atomic - -
            Capabilities.drop - - atomic - -
            ResourceRequirements.claims - - map name -
            Container.command - - atomic - -
            Container.args - - atomic - -
            Container.ports merge containerPort map containerPort,protocol -
            Container.envFrom - - atomic - -
            Container.env merge name map name -
            Container.resizePolicy - - atomic - -
            Container.restartPolicyRules - - atomic - -
            Container.volumeMounts merge mountPath map mountPath -
            Container.volumeDevices merge devicePath map devicePath -
            ContainerStatus.volumeMounts merge mountPath map mountPath -
            ContainerStatus.allocatedResourcesStatus merge name map name -
            ResourceStatus.resources - - map resourceID -
            LinuxContainerUser.supplementalGroups - - atomic - -
            ContainerRestartRuleOnExitCodes.values - - set - -
            NodeSelector.nodeSelectorTerms - - atomic - -
            NodeSelectorTerm.matchExpressions - - atomic - -
            NodeSelectorTerm.matchFields - - atomic - -
            NodeSelectorRequirement.values - - atomic - -
            TopologySelectorTerm.matchLabelExpressions - - atomic - -
            TopologySelectorLabelRequirement.values - - atomic - -
            PodAffinity.requiredDuringSchedulingIgnoredDuringExecution - - atomic - -
            PodAffinity.preferredDuringSchedulingIgnoredDuringExecution - - atomic - -
            PodAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution - - atomic - -
            PodAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution - - atomic - -
            PodAffinityTerm.namespaces - - atomic - -
            PodAffinityTerm.matchLabelKeys - - atomic - -
            PodAffinityTerm.mismatchLabelKeys - - atomic - -
            NodeAffinity.preferredDuringSchedulingIgnoredDuringExecution - - atomic - -
            PodSpec.volumes merge,retainKeys name map name -
            PodSpec.initContainers merge name map name -
            PodSpec.containers merge name map name -
            PodSpec.ephemeralContainers merge name map name -
            PodSpec.nodeSelector - - - - atomic
            PodSpec.imagePullSecrets merge name map name -
            PodSpec.tolerations - - atomic - -
            PodSpec.hostAliases merge ip map ip -
            PodSpec.readinessGates - - atomic - -
            PodSpec.topologySpreadConstraints merge topologyKey map topologyKey,whenUnsatisfiable -
            PodSpec.schedulingGates merge name map name -
            PodSpec.resourceClaims merge,retainKeys name map name -
            PodSpec.evictionResponders merge name map name -
            PodExtendedResourceClaimStatus.requestMappings - - atomic - -
            TopologySpreadConstraint.matchLabelKeys - - atomic - -
            HostAlias.hostnames - - atomic - -
            PodSecurityContext.supplementalGroups - - atomic - -
            PodSecurityContext.sysctls - - atomic - -
            PodDNSConfig.nameservers - - atomic - -
            PodDNSConfig.searches - - atomic - -
            PodDNSConfig.options - - atomic - -
            EphemeralContainerCommon.command - - atomic - -
            EphemeralContainerCommon.args - - atomic - -
            EphemeralContainerCommon.ports merge containerPort map containerPort,protocol -
            EphemeralContainerCommon.envFrom - - atomic - -
            EphemeralContainerCommon.env merge name map name -
            EphemeralContainerCommon.resizePolicy - - atomic - -
            EphemeralContainerCommon.restartPolicyRules - - atomic - -
            EphemeralContainerCommon.volumeMounts merge mountPath map mountPath -
            EphemeralContainerCommon.volumeDevices merge devicePath map devicePath -
            EphemeralContainer.command - - atomic - -
            EphemeralContainer.args - - atomic - -
            EphemeralContainer.ports merge containerPort map containerPort,protocol -
            EphemeralContainer.envFrom - - atomic - -
            EphemeralContainer.env merge name map name -
            EphemeralContainer.resizePolicy - - atomic - -
            EphemeralContainer.restartPolicyRules - - atomic - -
            EphemeralContainer.volumeMounts merge mountPath map mountPath -
            EphemeralContainer.volumeDevices merge devicePath map devicePath -
            PodStatus.conditions merge type map type -
            PodStatus.hostIPs merge ip atomic - -
            PodStatus.podIPs merge ip map ip -
            PodStatus.initContainerStatuses - - atomic - -
            PodStatus.containerStatuses - - atomic - -
            PodStatus.ephemeralContainerStatuses - - atomic - -
            PodStatus.resourceClaimStatuses merge,retainKeys name map name -
            PodStatus.nodeAllocatableResourceClaimStatuses merge resourceClaimName map resourceClaimName -
            PodStatus.volumeHealth - - map name -
            ReplicationControllerSpec.selector - - - - atomic
            ReplicationControllerStatus.conditions merge type map type -
            ServiceStatus.conditions merge type map type -
            LoadBalancerStatus.ingress - - atomic - -
            LoadBalancerIngress.ports - - atomic - -
            ServiceSpec.ports merge port map port,protocol -
            ServiceSpec.selector - - - - atomic
            ServiceSpec.clusterIPs - - atomic - -
            ServiceSpec.externalIPs - - atomic - -
            ServiceSpec.loadBalancerSourceRanges - - atomic - -
            ServiceSpec.ipFamilies - - atomic - -
            ServiceAccount.secrets merge name map name -
            ServiceAccount.imagePullSecrets - - atomic - -
            Endpoints.subsets - - atomic - -
            EndpointSubset.addresses - - atomic - -
            EndpointSubset.notReadyAddresses - - atomic - -
            EndpointSubset.ports - - atomic - -
            NodeSpec.podCIDRs merge - set - -
            NodeSpec.taints - - atomic - -
            NodePodPreemptionPolicy.disableResizePreemption - - set - -
            NodeStatus.conditions merge type map type -
            NodeStatus.addresses merge type map type -
            NodeStatus.images - - atomic - -
            NodeStatus.volumesInUse - - atomic - -
            NodeStatus.volumesAttached - - atomic - -
            NodeStatus.runtimeHandlers - - atomic - -
            NodeStatus.declaredFeatures - - atomic - -
            AvoidPods.preferAvoidPods - - atomic - -
            ContainerImage.names - - atomic - -
            NamespaceSpec.finalizers - - atomic - -
            NamespaceStatus.conditions merge type map type -
            PodExecOptions.command - - atomic - -
            PodPortForwardOptions.ports - - atomic - -
            LimitRangeSpec.limits - - atomic - -
            ResourceQuotaSpec.scopes - - atomic - -
            ScopeSelector.matchExpressions - - atomic - -
            ScopedResourceSelectorRequirement.values - - atomic - -
            ComponentStatus.conditions merge type map type -
            DownwardAPIVolumeSource.items - - atomic - -
            DownwardAPIProjection.items - - atomic - -
            NodeAllocatableResourceClaimStatus.containers - - set - -
            NodeAllocatableResourceClaimStatus.mapping merge name map name -
            NodeAllocatableResourceClaimStatus.overhead merge name map name -
            """,
        ["io.k8s.apimachinery.pkg.apis.meta.v1"] = """
            ObjectMeta.ownerReferences merge uid map uid -
            ObjectMeta.finalizers merge - set - -
            ObjectMeta.managedFields - - atomic - -
            DeleteOptions.dryRun - - atomic - -
            CreateOptions.dryRun - - atomic - -
            PatchOptions.dryRun - - atomic - -
            ApplyOptions.dryRun - - atomic - -
            UpdateOptions.dryRun - - atomic - -
            StatusDetails.causes - - atomic - -
            APIVersions.versions - - atomic - -
            APIVersions.serverAddressByClientCIDRs - - atomic - -
            APIGroupList.groups - - atomic - -
            APIGroup.versions - - atomic - -
            APIGroup.serverAddressByClientCIDRs - - atomic - -
            APIResource.shortNames - - atomic - -
            APIResource.categories - - atomic - -
            APIResourceList.resources - - atomic - -
            RootPaths.paths - - atomic - -
            LabelSelector.matchExpressions - - atomic - -
            LabelSelectorRequirement.values - - atomic - -
            FieldSelectorRequirement.values - - atomic - -
            Table.columnDefinitions - - atomic - -
            Table.rows - - atomic - -
            TableRow.cells - - atomic - -
            TableRow.conditions - - atomic - -
            """,
        ["io.k8s.api.discovery.v1"] = """
            EndpointSlice.endpoints - - atomic - -
            EndpointSlice.ports - - atomic - -
            Endpoint.addresses - - set - -
            EndpointHints.forZones - - atomic - -
            EndpointHints.forNodes - - atomic - -
            """,
        ["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1"] = """
            CustomResourceDefinitionSpec.versions - - atomic - -
            WebhookConversion.conversionReviewVersions - - atomic - -
            CustomResourceDefinitionVersion.additionalPrinterColumns - - atomic - -
            CustomResourceDefinitionVersion.selectableFields - - atomic - -
            CustomResourceDefinitionNames.shortNames - - atomic - -
            CustomResourceDefinitionNames.categories - - atomic - -
            CustomResourceDefinitionStatus.conditions - - map type -
            CustomResourceDefinitionStatus.storedVersions - - atomic - -
            ConversionRequest.objects - - atomic - -
            ConversionResponse.convertedObjects - - atomic - -
            JSONSchemaProps.enum - - atomic - -
            JSONSchemaProps.required - - atomic - -
            JSONSchemaProps.allOf - - atomic - -
            JSONSchemaProps.oneOf - - atomic - -
            JSONSchemaProps.anyOf - - atomic - -
            JSONSchemaProps.x-kubernetes-list-map-keys - - atomic - -
            JSONSchemaProps.x-kubernetes-validations merge rule map rule -
            """,
    };

    // Declared after the table: static fields initialise in textual order.
    private static readonly FrozenDictionary<string, FrozenDictionary<string, FieldStrategy>> Fields = ParseFields();
}
