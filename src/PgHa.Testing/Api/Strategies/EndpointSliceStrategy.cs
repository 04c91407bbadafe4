using System.Text.Json.Nodes;
using PgHa.Testing.Json;
using PgHa.Testing.Storage;
using PgHa.Testing.Validation;

namespace PgHa.Testing.Api.Strategies;

/// <summary>
/// EndpointSlices: <c>addressType</c> required and immutable (so a family change needs a new slice),
/// at most 1,000 endpoints of 1 to 100 addresses each, addresses valid for the type, at most 100 ports
/// with unique names. Ports default to TCP.
/// </summary>
internal sealed class EndpointSliceStrategy : ResourceStrategy
{
    public const int MaxEndpoints = 1000;
    public const int MaxAddresses = 100;
    public const int MaxPorts = 100;

    private static readonly string[] AddressTypes = ["FQDN", "IPv4", "IPv6"];

    public override void PrepareForCreate(JsonObject obj, StrategyContext context) => PortValidation.DefaultProtocols(obj.Array("ports"));

    public override void PrepareForUpdate(JsonObject obj, StoredObject old, StrategyContext context) => PortValidation.DefaultProtocols(obj.Array("ports"));

    public override void Validate(JsonObject obj, StoredObject? old, FieldErrors errors, StrategyContext context)
    {
        var addressType = obj.String("addressType");
        if (string.IsNullOrEmpty(addressType))
        {
            errors.Required("addressType");
        }
        else if (Array.IndexOf(AddressTypes, addressType) < 0)
        {
            errors.NotSupported("addressType", addressType, AddressTypes);
        }

        if (old is not null && old.Object.String("addressType") is { } oldType && oldType != addressType)
        {
            errors.Immutable("addressType", addressType);
        }

        var endpoints = obj.Array("endpoints");
        if (endpoints is not null && endpoints.Count > MaxEndpoints)
        {
            errors.TooMany("endpoints", endpoints.Count, MaxEndpoints);
        }

        for (var i = 0; endpoints is not null && i < endpoints.Count && i < MaxEndpoints; i++)
        {
            if (endpoints[i] is JsonObject endpoint)
            {
                ValidateEndpoint(endpoint, $"endpoints[{i}]", addressType, errors, context);
            }
        }

        var ports = obj.Array("ports");
        if (ports is not null && ports.Count > MaxPorts)
        {
            errors.TooMany("ports", ports.Count, MaxPorts);
        }

        PortValidation.Names(ports, "ports", errors, requiredWhenSeveral: false);
        for (var p = 0; ports is not null && p < ports.Count; p++)
        {
            if (ports[p] is JsonObject port)
            {
                PortValidation.Number(port, $"ports[{p}].port", errors, required: false);
                PortValidation.Protocol(port, $"ports[{p}].protocol", errors);
            }
        }
    }

    private static void ValidateEndpoint(JsonObject endpoint, string path, string? addressType, FieldErrors errors, StrategyContext context)
    {
        var addresses = endpoint.Array("addresses");
        if (addresses is null || addresses.Count == 0)
        {
            errors.Required(path + ".addresses", "must contain at least 1 address");
        }
        else if (addresses.Count > MaxAddresses)
        {
            errors.TooMany(path + ".addresses", addresses.Count, MaxAddresses);
        }
        else
        {
            for (var j = 0; j < addresses.Count; j++)
            {
                var address = (addresses[j] as JsonValue)?.ToString() ?? string.Empty;
                var field = $"{path}.addresses[{j}]";
                switch (addressType)
                {
                    case "IPv4":
                    case "IPv6":
                        errors.InvalidEach(field, address, context.RejectSpecialEndpointAddresses
                            ? IpValidation.ValidateEndpointSliceAddress(address, addressType == "IPv6")
                            : addressType == "IPv6" ? IpValidation.IsValidIPv6(address) : IpValidation.IsValidIPv4(address));
                        break;
                    case "FQDN":
                        errors.InvalidEach(field, address, NameValidation.IsDns1123Subdomain(address));
                        break;
                }
            }
        }

        if (endpoint.String("hostname") is { Length: > 0 } hostname)
        {
            errors.InvalidEach(path + ".hostname", hostname, NameValidation.IsDns1123Label(hostname));
        }

        if (endpoint.String("nodeName") is { Length: > 0 } nodeName)
        {
            errors.InvalidEach(path + ".nodeName", nodeName, NameValidation.IsDns1123Subdomain(nodeName));
        }
    }
}
