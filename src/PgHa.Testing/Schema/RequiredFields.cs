using System.Collections.Frozen;

namespace PgHa.Testing.Schema;

/// <summary>The <c>required</c> lists kube-apiserver's OpenAPI declares for the structs of the built-in kinds.</summary>
/// <remarks>
/// kube-openapi marks a Go field required when it has <c>+required</c>, or has neither <c>+optional</c> nor
/// <c>omitempty</c>. Transcribed from k8s.io/api core, discovery, coordination and events v1,
/// k8s.io/apimachinery meta/v1 and apiextensions/v1 at v0.32 (so EndpointSlice <c>endpoints</c> is required,
/// as kubectl 1.32's server publishes it), plus structs added up to v0.36. One line per struct:
/// <c>Struct field,field,...</c>.
/// </remarks>
internal static class RequiredFields
{
    /// <summary>True when the table covers <paramref name="definitionName"/>'s package, so its absence means "nothing required".</summary>
    public static bool Covers(string definitionName)
    {
        var dot = definitionName.LastIndexOf('.');
        return dot > 0 && Table.ContainsKey(definitionName[..dot]);
    }

    /// <summary>The required properties of <paramref name="definitionName"/>, in kube's order; empty if none.</summary>
    public static IReadOnlyList<string> For(string definitionName) =>
        ByDefinition.TryGetValue(definitionName, out var fields) ? fields : [];

    private static FrozenDictionary<string, string[]> Parse()
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (package, table) in Table)
        {
            foreach (var line in table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                result[package + "." + line[..space]] = line[(space + 1)..].Split(',');
            }
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static readonly Dictionary<string, string> Table = new(StringComparer.Ordinal)
    {
        ["io.k8s.api.core.v1"] = """
            Volume name
            PersistentVolumeClaimVolumeSource claimName
            PersistentVolumeList items
            PersistentVolumeClaimList items
            TypedObjectReference kind,name
            ModifyVolumeStatus status
            PersistentVolumeClaimCondition type,status
            VolumeHealthCondition status,reason
            PodVolumeHealth name
            HostPathVolumeSource path
            GlusterfsVolumeSource endpoints,path
            GlusterfsPersistentVolumeSource endpoints,path
            RBDVolumeSource monitors,image
            RBDPersistentVolumeSource monitors,image
            CinderVolumeSource volumeID
            CinderPersistentVolumeSource volumeID
            CephFSVolumeSource monitors
            CephFSPersistentVolumeSource monitors
            GCEPersistentDiskVolumeSource pdName
            QuobyteVolumeSource registry,volume
            FlexPersistentVolumeSource driver
            FlexVolumeSource driver
            AWSElasticBlockStoreVolumeSource volumeID
            GitRepoVolumeSource repository
            NFSVolumeSource server,path
            ISCSIVolumeSource targetPortal,iqn,lun
            ISCSIPersistentVolumeSource targetPortal,iqn,lun
            AzureFileVolumeSource secretName,shareName
            AzureFilePersistentVolumeSource secretName,shareName
            VsphereVirtualDiskVolumeSource volumePath
            PhotonPersistentDiskVolumeSource pdID
            AzureDiskVolumeSource diskName,diskURI
            PortworxVolumeSource volumeID
            ScaleIOVolumeSource gateway,system,secretRef
            ScaleIOPersistentVolumeSource gateway,system,secretRef
            ServiceAccountTokenProjection path
            ClusterTrustBundleProjection path
            PodCertificateProjection signerName,keyType
            KeyToPath key,path
            LocalVolumeSource path
            CSIPersistentVolumeSource driver,volumeHandle
            CSIVolumeSource driver
            PersistentVolumeClaimTemplate spec
            ContainerPort containerPort
            VolumeMount name,mountPath
            VolumeDevice name,devicePath
            EnvVar name
            FileKeySelector volumeName,path,key
            ObjectFieldSelector fieldPath
            ResourceFieldSelector resource
            ConfigMapKeySelector key
            SecretKeySelector key
            HTTPHeader name,value
            HTTPGetAction port
            TCPSocketAction port
            GRPCAction port
            SleepAction seconds
            ContainerResizePolicy resourceName,restartPolicy
            ResourceClaim name
            Container name
            ContainerStateTerminated exitCode
            ContainerStatus name,ready,restartCount,image,imageID
            ResourceStatus name
            ResourceHealth resourceID
            LinuxContainerUser uid,gid
            PodCondition type,status
            VolumeMountStatus name,mountPath
            ImageVolumeStatus imageRef
            ContainerRestartRule action
            ContainerRestartRuleOnExitCodes operator
            NodeSelector nodeSelectorTerms
            NodeSelectorRequirement key,operator
            TopologySelectorLabelRequirement key,values
            WeightedPodAffinityTerm weight,podAffinityTerm
            PodAffinityTerm topologyKey
            PreferredSchedulingTerm weight,preference
            Taint key,effect
            PodReadinessGate conditionType
            PodSpec containers
            PodResourceClaim name
            PodResourceClaimStatus name
            PodExtendedResourceClaimStatus requestMappings,resourceClaimName
            ContainerExtendedResourceRequest containerName,resourceName,requestName
            PodOS name
            PodSchedulingGate name
            TopologySpreadConstraint maxSkew,topologyKey,whenUnsatisfiable
            HostAlias ip
            SeccompProfile type
            AppArmorProfile type
            PodIP ip
            HostIP ip
            EphemeralContainerCommon name
            EphemeralContainer name
            EvictionResponder name,priority
            PodList items
            PodTemplateList items
            ReplicationControllerStatus replicas
            ReplicationControllerCondition type,status
            ReplicationControllerList items
            ServicePort port
            ServiceList items
            ServiceAccountList items
            EndpointAddress ip
            EndpointPort port
            EndpointsList items
            ConfigMapNodeConfigSource namespace,name,kubeletConfigKey
            DaemonEndpoint Port
            NodeSystemInfo machineID,systemUUID,bootID,kernelVersion,osImage,containerRuntimeVersion,kubeletVersion,kubeProxyVersion,operatingSystem,architecture
            AttachedVolume name,devicePath
            PreferAvoidPodsEntry podSignature
            NodeCondition type,status
            NodeAddress type,address
            NodeList items
            NamespaceCondition type,status
            NamespaceList items
            Binding target
            PodExecOptions command
            TypedLocalObjectReference kind,name
            Event involvedObject
            EventList items
            LimitRangeItem type
            LimitRangeSpec limits
            LimitRangeList items
            ScopedResourceSelectorRequirement scopeName,operator
            ResourceQuotaList items
            SecretList items
            ConfigMapList items
            ComponentCondition type,status
            ComponentStatusList items
            DownwardAPIVolumeFile path
            RangeAllocation range,data
            Sysctl name,value
            PortStatus port,protocol
            NodeAllocatableResourceClaimStatus resourceClaimName
            NodeAllocatableMappedResources name,quantity
            NodeAllocatableOverheadResources name
            """,
        ["io.k8s.apimachinery.pkg.apis.meta.v1"] = """
            ShardInfo selector
            OwnerReference apiVersion,kind,name,uid
            ApplyOptions force,fieldManager
            List items
            APIVersions versions,serverAddressByClientCIDRs
            APIGroupList groups
            APIGroup name,versions
            ServerAddressByClientCIDR clientCIDR,serverAddress
            GroupVersionForDiscovery groupVersion,version
            APIResource name,singularName,namespaced,kind,verbs
            APIResourceList groupVersion,resources
            RootPaths paths
            LabelSelectorRequirement key,operator
            FieldSelectorRequirement key,operator
            Table columnDefinitions,rows
            TableColumnDefinition name,type,format,description,priority
            TableRow cells
            TableRowCondition type,status
            PartialObjectMetadataList items
            Condition type,status,lastTransitionTime,reason,message
            """,
        ["io.k8s.api.discovery.v1"] = """
            EndpointSlice addressType,endpoints
            Endpoint addresses
            ForZone name
            ForNode name
            EndpointSliceList items
            """,
        ["io.k8s.api.coordination.v1"] = """
            LeaseList items
            """,
        ["io.k8s.api.rbac.v1"] = """
            PolicyRule verbs
            Subject kind,name
            RoleRef apiGroup,kind,name
            RoleBinding roleRef
            ClusterRoleBinding roleRef
            RoleList items
            RoleBindingList items
            ClusterRoleList items
            ClusterRoleBindingList items
            """,
        ["io.k8s.api.events.v1"] = """
            Event eventTime
            EventSeries count,lastObservedTime
            EventList items
            """,
        ["io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1"] = """
            CustomResourceDefinitionSpec group,names,scope,versions
            CustomResourceConversion strategy
            WebhookConversion conversionReviewVersions
            ServiceReference namespace,name
            CustomResourceDefinitionVersion name,served,storage
            SelectableField jsonPath
            CustomResourceColumnDefinition name,type,jsonPath
            CustomResourceDefinitionNames plural,kind
            CustomResourceDefinitionCondition type,status
            CustomResourceDefinition spec
            CustomResourceDefinitionList items
            CustomResourceSubresourceScale specReplicasPath,statusReplicasPath
            ConversionRequest uid,desiredAPIVersion,objects
            ConversionResponse uid,convertedObjects,result
            ValidationRule rule
            """,
    };

    // Declared after the table: static fields initialise in textual order.
    private static readonly FrozenDictionary<string, string[]> ByDefinition = Parse();
}
