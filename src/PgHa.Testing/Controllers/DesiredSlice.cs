using System.Text.Json.Nodes;

namespace PgHa.Testing.Controllers;

/// <summary>One EndpointSlice a controller wants to exist, before it has a name.</summary>
internal sealed record DesiredSlice(string AddressType, JsonArray Ports, JsonArray Endpoints, JsonObject Labels, JsonObject? Annotations, JsonObject OwnerReference)
{
    /// <summary>Slices are matched to existing ones by address type and ports, as kube's reconcilers do.</summary>
    public string GroupKey => AddressType + "|" + Ports.ToJsonString();
}
